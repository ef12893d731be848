"""Meetings: propose, confirm or decline, cancel; calendar invitations; planned meetings count
against the match's sessions; the schedule reminds once; a match's end cancels what is to come."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mentoring.domain.models import MeetingCreate, MeetingMetadata, MeetingView, SessionCreate
from mentoring.domain.paging import PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import MeetingRecord, MeetingStatus
from mentoring.errors import (
    Forbidden,
    InvalidTransition,
    MatchNotActive,
    NotFound,
    SessionLimitReached,
    ValidationFailed,
)
from mentoring.mail.message import Email
from mentoring.services.meetings import meeting_id_for
from mentoring.services.ports import PlanChanged
from tests.support.ics import Invitation, read_invitation
from tests.support.scheme import Scheme

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # the scheme fixture's clock: a Wednesday
FRIDAY_2PM = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def meeting(**fields: Any) -> MeetingCreate:
    body: dict[str, Any] = {
        "starts_at": FRIDAY_2PM.isoformat(),
        "duration_minutes": 60,
        "mode": "face_to_face",
        "location": "Education Centre, St James's University Hospital, Leeds",
        "note": "Shall we look at your portfolio?",
    }
    return MeetingCreate.model_validate(body | fields)


def pair(scheme: Scheme) -> tuple[Principal, Principal, str]:
    mentee, mentor = scheme.mentee("Dr Sara Haile"), scheme.mentor("Dr Jonah Mensah")
    return mentee, mentor, scheme.match(mentee, mentor).match_id


def calendar_of(email: Email) -> Invitation:
    (invite,) = email.attachments
    assert invite.filename == "invite.ics"
    return read_invitation(invite.content)


def emails_of(scheme: Scheme, kind: str) -> list[Email]:
    return [e for e in scheme.mailer.sent if e.kind == kind]


def test_a_proposal_asks_the_other_party_with_the_note(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)

    proposed = scheme.meetings.propose(mentor, match_id, meeting())

    assert proposed.status == "proposed"
    assert proposed.proposed_by == mentor.user_id
    (asked,) = emails_of(scheme, "meeting_proposed")
    assert asked.to == (mentee.email,)
    assert "Friday 27 November 2026 at 2pm (UK time), for 60 minutes" in asked.text
    assert "> Shall we look at your portfolio?" in asked.text


def test_confirming_sends_both_the_same_invitation(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)
    proposed = scheme.meetings.propose(mentor, match_id, meeting())

    confirmed = scheme.meetings.confirm(mentee, match_id, proposed.meeting_id)

    assert confirmed.status == "confirmed"
    invitations = emails_of(scheme, "meeting_confirmed")
    assert sorted(e.to[0] for e in invitations) == sorted([str(mentee.email), str(mentor.email)])
    for email in invitations:
        invitation = calendar_of(email)
        assert invitation.method == "REQUEST"
        assert invitation.uid == f"{proposed.meeting_id}@img-peer-mentoring"
        assert invitation.start == FRIDAY_2PM
        assert invitation.end == FRIDAY_2PM + timedelta(minutes=60)
        assert invitation.location == "Education Centre, St James's University Hospital, Leeds"
        assert invitation.organizer == f"mailto:{mentor.email}"
        assert invitation.attendees == sorted([f"mailto:{mentee.email}", f"mailto:{mentor.email}"])
        assert "portfolio" not in email.attachments[0].content  # no note in the file


def test_cancelling_a_confirmed_meeting_sends_both_a_cancellation_of_the_same_event(
    scheme: Scheme,
) -> None:
    mentee, mentor, match_id = pair(scheme)
    proposed = scheme.meetings.propose(mentee, match_id, meeting())
    scheme.meetings.confirm(mentor, match_id, proposed.meeting_id)

    cancelled = scheme.meetings.cancel(mentee, match_id, proposed.meeting_id)

    assert cancelled.status == "cancelled"
    (invitation, *_) = emails_of(scheme, "meeting_confirmed")
    cancellations = emails_of(scheme, "meeting_cancelled")
    assert len(cancellations) == 2
    invited = calendar_of(invitation)
    for email in cancellations:
        cancellation = calendar_of(email)
        assert cancellation.method == "CANCEL"
        assert cancellation.status == "CANCELLED"
        assert cancellation.uid == invited.uid
        assert cancellation.sequence > invited.sequence


def test_a_declined_proposal_tells_the_proposer_and_frees_its_place(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)
    for _ in range(4):
        last = scheme.meetings.propose(mentor, match_id, meeting())
    with pytest.raises(SessionLimitReached):
        scheme.meetings.propose(mentor, match_id, meeting())

    scheme.meetings.decline(mentee, match_id, last.meeting_id)

    (told,) = emails_of(scheme, "meeting_declined")
    assert told.to == (mentor.email,)
    assert scheme.meetings.propose(mentor, match_id, meeting()).status == "proposed"


def test_only_the_other_party_answers_and_only_a_proposal(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)
    proposed = scheme.meetings.propose(mentor, match_id, meeting())

    with pytest.raises(Forbidden):
        scheme.meetings.confirm(mentor, match_id, proposed.meeting_id)
    with pytest.raises(Forbidden):
        scheme.meetings.decline(mentor, match_id, proposed.meeting_id)
    scheme.meetings.decline(mentee, match_id, proposed.meeting_id)
    with pytest.raises(InvalidTransition):
        scheme.meetings.confirm(mentee, match_id, proposed.meeting_id)
    with pytest.raises(InvalidTransition):
        scheme.meetings.cancel(mentor, match_id, proposed.meeting_id)
    with pytest.raises(NotFound):
        scheme.meetings.confirm(mentee, match_id, "no-such-meeting")


def test_withdrawing_a_proposal_tells_the_other_party_without_a_calendar(
    scheme: Scheme,
) -> None:
    mentee, mentor, match_id = pair(scheme)
    proposed = scheme.meetings.propose(mentor, match_id, meeting())

    scheme.meetings.cancel(mentor, match_id, proposed.meeting_id)

    (told,) = emails_of(scheme, "meeting_withdrawn")
    assert told.to == (mentee.email,)
    assert told.attachments == ()


def test_sessions_logged_and_meetings_planned_together_never_exceed_four(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)
    for _ in range(3):
        scheme.sessions.log(mentor, match_id, SessionCreate.model_validate(_session()))
    scheme.meetings.propose(mentee, match_id, meeting())

    with pytest.raises(SessionLimitReached, match="all of them are logged or planned"):
        scheme.meetings.propose(mentor, match_id, meeting())


def test_a_meeting_that_has_started_no_longer_holds_a_place(scheme: Scheme) -> None:
    _, mentor, match_id = pair(scheme)
    for _ in range(4):
        scheme.meetings.propose(mentor, match_id, meeting())
    scheme.fixed_clock.current = FRIDAY_2PM + timedelta(hours=2)  # they have all happened

    later = meeting(starts_at=(FRIDAY_2PM + timedelta(days=7)).isoformat())
    assert scheme.meetings.propose(mentor, match_id, later).status == "proposed"


@pytest.mark.parametrize("change", ["confirm", "decline", "cancel"])
def test_once_its_start_has_passed_a_meeting_can_no_longer_be_changed(
    scheme: Scheme, change: str
) -> None:
    mentee, mentor, match_id = pair(scheme)
    proposed = scheme.meetings.propose(mentor, match_id, meeting())
    scheme.fixed_clock.current = FRIDAY_2PM + timedelta(minutes=1)  # it has begun
    before = len(scheme.mailer.sent)

    with pytest.raises(InvalidTransition, match="time has passed"):
        getattr(scheme.meetings, change)(mentee, match_id, proposed.meeting_id)
    assert len(scheme.mailer.sent) == before  # no cancellation for a meeting in the past


def test_a_confirmed_meeting_in_the_past_is_not_cancelled_either(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)
    proposed = scheme.meetings.propose(mentor, match_id, meeting())
    scheme.meetings.confirm(mentee, match_id, proposed.meeting_id)
    scheme.fixed_clock.current = FRIDAY_2PM + timedelta(hours=2)

    with pytest.raises(InvalidTransition, match="time has passed"):
        scheme.meetings.cancel(mentor, match_id, proposed.meeting_id)


def test_a_proposal_counted_from_a_stale_read_is_refused_by_the_table_itself(
    scheme: Scheme,
) -> None:
    """Two proposals at once for the last place: the second's count is out of date."""
    mentee, mentor, match_id = pair(scheme)
    stale = scheme.stores.matches.get(match_id)
    assert stale is not None
    scheme.meetings.propose(mentee, match_id, meeting())

    late = MeetingRecord(
        meeting_id=meeting_id_for(FRIDAY_2PM),
        match_id=match_id,
        proposed_by=mentor.user_id,
        starts_at=FRIDAY_2PM,
        duration_minutes=30,
        mode="virtual",
        video_link="https://meet.example.org/x",
        status=MeetingStatus.PROPOSED,
        created_at=NOW,
    )
    with pytest.raises(PlanChanged):
        scheme.stores.meetings.propose(stale, late, [])
    assert len(scheme.meetings.list(mentee, match_id, PageRequest()).items) == 1


def test_where_and_when_are_checked(scheme: Scheme) -> None:
    mentee, _, match_id = pair(scheme)
    cases = {
        "location": meeting(location=None),
        "video_link": meeting(mode="virtual", location=None),
        "starts_at": meeting(starts_at=(NOW - timedelta(minutes=1)).isoformat()),
    }
    for field, body in cases.items():
        with pytest.raises(ValidationFailed) as refused:
            scheme.meetings.propose(mentee, match_id, body)
        assert refused.value.details[0]["field"] == field
    too_far = meeting(starts_at=(NOW + timedelta(days=91)).isoformat())
    with pytest.raises(ValidationFailed) as refused:
        scheme.meetings.propose(mentee, match_id, too_far)
    assert "at most 90 days ahead" in refused.value.details[0]["message"]


def test_administrators_see_when_and_how_never_where_or_the_note(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)
    scheme.meetings.propose(mentor, match_id, meeting())

    seen = scheme.meetings.list(scheme.admin, match_id, PageRequest()).items
    theirs = scheme.meetings.list(mentee, match_id, PageRequest()).items

    assert all(type(m) is MeetingMetadata for m in seen)
    assert "location" not in seen[0].model_dump()
    assert isinstance(theirs[0], MeetingView)
    with pytest.raises(NotFound):
        scheme.meetings.list(scheme.mentee(), match_id, PageRequest())
    with pytest.raises(Forbidden):
        scheme.meetings.propose(scheme.admin, match_id, meeting())


def test_meetings_list_soonest_first_page_by_page(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)
    for days in (3, 1, 2):
        starts = (FRIDAY_2PM + timedelta(days=days)).isoformat()
        scheme.meetings.propose(mentor, match_id, meeting(starts_at=starts))

    first = scheme.meetings.list(mentee, match_id, PageRequest(limit=2))
    rest = scheme.meetings.list(mentee, match_id, PageRequest(limit=2, cursor=first.next_cursor))

    listed = [m.starts_at for m in first.items + rest.items]
    assert listed == sorted(listed)
    assert len(listed) == 3
    assert rest.next_cursor is None


def test_ending_a_match_cancels_its_meetings_to_come(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)
    confirmed = scheme.meetings.propose(mentor, match_id, meeting())
    scheme.meetings.confirm(mentee, match_id, confirmed.meeting_id)
    scheme.meetings.propose(mentor, match_id, meeting())

    scheme.matches.end(mentee, match_id)

    listed = scheme.meetings.list(mentee, match_id, PageRequest()).items
    assert {m.status for m in listed} == {"cancelled"}
    assert len(emails_of(scheme, "meeting_cancelled")) == 2  # the confirmed one, to both
    with pytest.raises(MatchNotActive):
        scheme.meetings.propose(mentor, match_id, meeting())


def test_the_schedule_reminds_both_once_on_the_last_run_before_the_day(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    proposed = scheme.meetings.propose(mentor, match_id, meeting(starts_at=monday.isoformat()))
    scheme.meetings.confirm(mentee, match_id, proposed.meeting_id)
    thursday_run = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    friday_run = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)

    assert scheme.reminders.run(thursday_run).meeting_reminders == 0  # not the last run yet
    assert scheme.reminders.run(friday_run).meeting_reminders == 1
    assert scheme.reminders.run(friday_run).meeting_reminders == 0  # the same run again

    reminders = emails_of(scheme, "meeting_reminder")
    assert sorted(e.to[0] for e in reminders) == sorted([str(mentee.email), str(mentor.email)])
    assert "Monday 30 November 2026 at 9am (UK time)" in reminders[0].text


def test_erasure_cancels_the_users_meetings_and_removes_their_words(scheme: Scheme) -> None:
    mentee, mentor, match_id = pair(scheme)
    proposed = scheme.meetings.propose(mentee, match_id, meeting(note="PRIVATE-NOTE"))
    scheme.meetings.confirm(mentor, match_id, proposed.meeting_id)
    exported = scheme.privacy.export(mentee)
    assert [m["note"] for m in exported["meetings"]] == ["PRIVATE-NOTE"]

    scheme.privacy.erase(mentee)

    (kept,) = scheme.meetings.list(mentor, match_id, PageRequest()).items
    assert isinstance(kept, MeetingView)
    assert kept.status == "cancelled"
    assert (kept.note, kept.location) == (None, None)
    assert [e.to for e in emails_of(scheme, "meeting_cancelled")] == [(mentor.email,)]


def _session() -> dict[str, Any]:
    return {
        "held_on": "2026-11-25",
        "mode": "virtual",
        "duration_minutes": 40,
        "summary": "Talked it through.",
    }
