"""respond_by: the end (23:59:59 London) of the fifth working day after the day of the request."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentoring.domain.working_days import deadline_after


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@pytest.mark.parametrize(
    ("requested", "respond_by"),
    [
        # An ordinary week: Wednesday to the next Wednesday (GMT).
        ("2026-11-25T10:30:00Z", "2026-12-02T23:59:59Z"),
        # Friday: the weekend does not count.
        ("2026-11-27T16:00:00Z", "2026-12-04T23:59:59Z"),
        # Saturday: counting starts on Monday.
        ("2026-11-28T09:00:00Z", "2026-12-04T23:59:59Z"),
        # Christmas 2026: 24, 29, 30, 31 Dec and 4 Jan; 25 Dec, Mon 28 (Boxing Day substitute)
        # and New Year's Day (Fri 1) are bank holidays.
        ("2026-12-23T12:00:00Z", "2027-01-04T23:59:59Z"),
        # Christmas 2027: both Christmas days fall at the weekend (substitutes Mon 27, Tue 28)
        # and New Year's Day 2028 on a Saturday (substitute Mon 3 January).
        ("2027-12-23T12:00:00Z", "2028-01-04T23:59:59Z"),
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March; BST starts on the 28th,
        # so the deadline's 23:59:59 London is 22:59:59 UTC.
        ("2027-03-22T10:00:00Z", "2027-03-31T22:59:59Z"),
        # Early May bank holiday (Mon 3 May 2027).
        ("2027-04-29T10:00:00Z", "2027-05-07T22:59:59Z"),
        # Spring bank holiday (Mon 31 May 2027).
        ("2027-05-25T10:00:00Z", "2027-06-02T22:59:59Z"),
        # 23:30 UTC on Tue 20 Oct 2026 is already Wednesday in London (BST); the deadline falls
        # after the clocks go back (25 Oct), so 23:59:59 London is 23:59:59 UTC.
        ("2026-10-20T23:30:00Z", "2026-10-28T23:59:59Z"),
        # Just before midnight GMT on a Friday in March, the deadline after BST begins.
        ("2027-03-19T23:59:00Z", "2027-03-30T22:59:59Z"),
        # A request in BST with a deadline in BST.
        ("2027-07-07T08:00:00Z", "2027-07-14T22:59:59Z"),
    ],
)
def test_deadline_is_the_end_of_the_fifth_working_day(requested: str, respond_by: str) -> None:
    assert deadline_after(utc(requested), 5) == utc(respond_by)


def test_ladder_steps_count_working_days_after_the_deadline() -> None:
    deadline = utc("2026-12-23T23:59:59Z")
    # Two working days after Wed 23 Dec 2026: Thu 24, then Tue 29 (25 and 28 are holidays).
    assert deadline_after(deadline, 2) == utc("2026-12-29T23:59:59Z")
    # Five: 24, 29, 30, 31 December and Mon 4 January 2027.
    assert deadline_after(deadline, 5) == utc("2027-01-04T23:59:59Z")
