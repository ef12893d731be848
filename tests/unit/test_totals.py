"""What each change adds to the scheme's running totals (mentoring.domain.totals)."""

from __future__ import annotations

from mentoring.domain.totals import status_moved


def test_a_new_record_adds_one_to_its_status() -> None:
    assert status_moved("requests", None, "pending") == {"requests_pending": 1}


def test_a_record_that_goes_moves_one_out_of_its_status() -> None:
    assert status_moved("mentees", "active", None) == {"mentees_active": -1}


def test_a_move_between_statuses_takes_from_one_and_adds_to_the_other() -> None:
    assert status_moved("mentors", "pending_approval", "approved") == {
        "mentors_pending_approval": -1,
        "mentors_approved": 1,
    }


def test_a_move_to_the_same_status_changes_nothing() -> None:
    assert status_moved("mentors", "approved", "approved") == {"mentors_approved": 0}
