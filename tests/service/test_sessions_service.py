"""Sessions: four per match, logged by the mentor, confidential to the two parties."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from mentoring.data.keys import mentor_key
from mentoring.data.table import Update
from mentoring.domain.models import (
    MeetingCreate,
    MenteeNotes,
    SessionCreate,
    SessionMetadata,
    SessionView,
)
from mentoring.domain.paging import PageRequest
from mentoring.domain.records import MatchStatus, SessionRecord
from mentoring.errors import (
    BadRequest,
    Forbidden,
    MatchNotActive,
    NotFound,
    ServiceUnavailable,
    SessionLimitReached,
    ValidationFailed,
)
from mentoring.services.ports import SessionConflict
from tests.support.clock import FixedClock
from tests.support.logs import captured_logs
from tests.support.scheme import Scheme, SchemeConfig

TODAY = date(2026, 11, 25)  # the scheme fixture's clock


def log(**fields: Any) -> SessionCreate:
    body: dict[str, Any] = {
        "held_on": TODAY.isoformat(),
        "mode": "virtual",
        "duration_minutes": 45,
        "topics": ["exams", "rota"],
        "summary": "Talked through the MRCP timetable.",
        "actions": "Book the revision course.",
    }
    body.update(fields)
    return SessionCreate.model_validate(body)


def test_the_mentor_logs_a_session(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)

    session = scheme.sessions.log(mentor, match.match_id, log())

    assert (session.session_number, session.mentee_notes) == (1, None)
    assert session.summary == "Talked through the MRCP timetable."
    assert scheme.matches.get(mentee, match.match_id).sessions_used == 1


def test_only_the_mentor_logs_and_strangers_are_told_nothing(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    with pytest.raises(Forbidden):
        scheme.sessions.log(mentee, match.match_id, log())
    with pytest.raises(Forbidden):
        scheme.sessions.log(scheme.admin, match.match_id, log())
    with pytest.raises(NotFound):
        scheme.sessions.log(scheme.mentee(), match.match_id, log())


def test_the_fourth_session_completes_the_match_and_a_fifth_is_refused(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    for _ in range(4):
        scheme.sessions.log(mentor, match.match_id, log())

    ended = scheme.matches.get(mentee, match.match_id)
    assert (ended.status, ended.end_reason, ended.sessions_used) == (
        "ended",
        "sessions_complete",
        4,
    )
    assert scheme.active_matches(mentor) == 0
    assert scheme.mailer.last("evaluation_invitation").to == (mentee.email,)
    with pytest.raises(SessionLimitReached):
        scheme.sessions.log(mentor, match.match_id, log())


def test_no_session_on_a_match_that_ended_early(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    scheme.matches.end(mentee, match.match_id)
    with pytest.raises(MatchNotActive):
        scheme.sessions.log(mentor, match.match_id, log())


@pytest.mark.parametrize("held_on", [date(2026, 11, 26), date(2026, 11, 24)])
def test_a_session_cannot_be_in_the_future_or_before_the_match(
    scheme: Scheme, held_on: date
) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    with pytest.raises(ValidationFailed) as refused:
        scheme.sessions.log(mentor, match.match_id, log(held_on=held_on.isoformat()))
    assert refused.value.details[0]["field"] == "held_on"


@pytest.mark.parametrize(
    "fields",
    [{"duration_minutes": 4}, {"duration_minutes": 241}, {"mode": "phone"}, {"summary": ""}],
)
def test_session_fields_are_validated(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        log(**fields)


def test_the_parties_see_everything_and_an_administrator_only_metadata(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    scheme.sessions.log(mentor, match.match_id, log())
    scheme.sessions.add_notes(mentee, match.match_id, 1, MenteeNotes(mentee_notes="Helpful."))

    for party in (mentee, mentor):
        (seen,) = scheme.sessions.list(party, match.match_id, PageRequest()).items
        assert isinstance(seen, SessionView)
        assert (seen.summary, seen.mentee_notes) == (
            "Talked through the MRCP timetable.",
            "Helpful.",
        )
    (metadata,) = scheme.sessions.list(scheme.admin, match.match_id, PageRequest()).items
    assert isinstance(metadata, SessionMetadata)
    assert set(metadata.model_dump()) == {"session_number", "held_on", "mode", "duration_minutes"}
    with pytest.raises(NotFound):
        scheme.sessions.list(scheme.mentee(), match.match_id, PageRequest())


def test_sessions_are_paginated(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    for _ in range(3):
        scheme.sessions.log(mentor, match.match_id, log())
    first = scheme.sessions.list(mentee, match.match_id, PageRequest(limit=2))
    rest = scheme.sessions.list(
        mentee, match.match_id, PageRequest(limit=2, cursor=first.next_cursor)
    )
    assert [s.session_number for s in first.items + rest.items] == [1, 2, 3]
    assert rest.next_cursor is None


def test_only_the_mentee_adds_notes_to_an_existing_session(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    scheme.sessions.log(mentor, match.match_id, log())
    with pytest.raises(Forbidden):
        scheme.sessions.add_notes(mentor, match.match_id, 1, MenteeNotes(mentee_notes="x"))
    with pytest.raises(NotFound):
        scheme.sessions.add_notes(mentee, match.match_id, 2, MenteeNotes(mentee_notes="x"))
    noted = scheme.sessions.add_notes(mentee, match.match_id, 1, MenteeNotes(mentee_notes="Mine"))
    assert noted.mentee_notes == "Mine"


def test_confidential_text_never_reaches_the_logs(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    with captured_logs() as logs:
        scheme.sessions.log(
            mentor, match.match_id, log(summary="SECRET-SUMMARY", actions="SECRET-ACT")
        )
        scheme.sessions.add_notes(
            mentee, match.match_id, 1, MenteeNotes(mentee_notes="SECRET-NOTE")
        )
        scheme.sessions.list(mentee, match.match_id, PageRequest())
    logged = logs.getvalue()
    assert "Session logged" in logged  # the logs were captured
    for secret in ("SECRET-SUMMARY", "SECRET-ACT", "SECRET-NOTE"):
        assert secret not in logged


def test_a_session_written_from_a_stale_read_is_refused_by_the_table_itself(
    scheme: Scheme,
) -> None:
    """The database's own guard against a fifth or a concurrent session: the write is
    conditional on the count the writer read."""
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    stale = scheme.stores.matches.get(match.match_id)
    assert stale is not None
    scheme.sessions.log(mentor, match.match_id, log())  # meanwhile, session 1 is logged

    with pytest.raises(SessionConflict):
        scheme.stores.sessions.log(
            stale,
            SessionRecord(
                match_id=match.match_id,
                session_number=stale.sessions_used + 1,
                logged_at=scheme.fixed_clock.now(),
                **log().model_dump(),
            ),
        )
    assert [
        s.session_number for s in scheme.sessions.list(mentee, match.match_id, PageRequest()).items
    ] == [1]


def test_a_match_ended_by_its_fourth_session_leaves_the_active_list(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    for _ in range(4):
        scheme.sessions.log(mentor, match.match_id, log())

    active = scheme.matches.list(scheme.admin, MatchStatus.ACTIVE, PageRequest())
    ended = scheme.matches.list(scheme.admin, MatchStatus.ENDED, PageRequest())

    assert match.match_id not in [m.match_id for m in active.items]
    assert match.match_id in [m.match_id for m in ended.items]


def test_a_session_cursor_from_one_match_is_refused_on_another(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=2)
    first_mentee, second_mentee = scheme.mentee(), scheme.mentee()
    first = scheme.match(first_mentee, mentor)
    second = scheme.match(second_mentee, mentor)
    for _ in range(3):
        scheme.sessions.log(mentor, first.match_id, log())
    cursor = scheme.sessions.list(mentor, first.match_id, PageRequest(limit=1)).next_cursor

    with pytest.raises(BadRequest):
        scheme.sessions.list(mentor, second.match_id, PageRequest(limit=1, cursor=cursor))


def test_the_deployed_session_limit_is_the_one_rule_everywhere(aws: Any, clock: FixedClock) -> None:
    """One source: the template parameter SessionsLimit, here set to three."""
    config = SchemeConfig.from_environment(os.environ | {"SESSIONS_LIMIT": "3"})
    three = Scheme(config, aws, clock)
    mentee, mentor = three.mentee(), three.mentor()
    match = three.match(mentee, mentor)

    assert three.registration.scheme().sessions_limit == 3
    assert "up to three mentoring sessions" in three.mailer.last("request_accepted").text
    for _ in range(3):
        three.sessions.log(mentor, match.match_id, log())
    assert three.matches.get(mentee, match.match_id).end_reason == "sessions_complete"
    with pytest.raises(SessionLimitReached, match="allows three sessions"):
        three.sessions.log(mentor, match.match_id, log())


# ---- the session store's own guards (each write names what it checks) -------------------


def stored_session(scheme: Scheme, match_id: str, number: int) -> SessionRecord:
    return SessionRecord(
        match_id=match_id,
        session_number=number,
        logged_at=scheme.fixed_clock.now(),
        **log().model_dump(),
    )


def session_numbers(scheme: Scheme, who: Any, match_id: str) -> list[int]:
    page = scheme.sessions.list(who, match_id, PageRequest())
    return [s.session_number for s in page.items]


def test_a_session_counted_from_a_different_total_than_the_match_holds_is_refused(
    scheme: Scheme,
) -> None:
    """Session 2 is free, but the writer believes no session was logged: the match's count
    is the guard (not the session's key)."""
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    stale = scheme.stores.matches.get(match.match_id)
    assert stale is not None
    scheme.sessions.log(mentor, match.match_id, log())

    with pytest.raises(SessionConflict):
        scheme.stores.sessions.log(stale, stored_session(scheme, match.match_id, 2))
    assert session_numbers(scheme, mentee, match.match_id) == [1]


def test_a_last_session_counted_from_a_different_total_is_refused_and_the_match_stays_open(
    scheme: Scheme,
) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    for _ in range(2):
        scheme.sessions.log(mentor, match.match_id, log())
    current = scheme.stores.matches.get(match.match_id)
    assert current is not None
    believed = current.model_copy(update={"sessions_used": 3})  # one more than there is

    with pytest.raises(SessionConflict):
        scheme.stores.sessions.log(believed, stored_session(scheme, match.match_id, 4))
    assert scheme.matches.get(mentee, match.match_id).status == "active"
    assert session_numbers(scheme, mentee, match.match_id) == [1, 2]


def test_a_session_number_already_taken_is_refused_whatever_the_match_says(
    scheme: Scheme,
) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    scheme.sessions.log(mentor, match.match_id, log())
    current = scheme.stores.matches.get(match.match_id)
    assert current is not None

    with pytest.raises(SessionConflict):
        scheme.stores.sessions.log(current, stored_session(scheme, match.match_id, 1))
    assert scheme.stores.matches.get(match.match_id) == current  # the count did not move


def test_a_last_session_that_finds_the_mentor_out_of_step_changes_nothing_and_says_so(
    scheme: Scheme,
) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    for _ in range(3):
        scheme.sessions.log(mentor, match.match_id, log())
    scheme.stores.table.update(  # the mentor's place count lost its match
        mentor_key(mentor.user_id), Update(set={"active_matches": 0, "places_taken": 0})
    )

    with captured_logs() as logs, pytest.raises(ServiceUnavailable):
        scheme.sessions.log(mentor, match.match_id, log())
    assert "Completing a match found the profiles out of step" in logs.getvalue()
    assert session_numbers(scheme, mentee, match.match_id) == [1, 2, 3]


def test_notes_on_a_session_that_does_not_exist_are_refused_and_create_nothing(
    scheme: Scheme,
) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)

    with pytest.raises(NotFound, match=r"^No such session\.$"):
        scheme.stores.sessions.set_mentee_notes(match.match_id, 1, "Mine", scheme.fixed_clock.now())
    assert session_numbers(scheme, mentee, match.match_id) == []


def test_notes_record_when_they_were_written(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    scheme.sessions.log(mentor, match.match_id, log())

    noted = scheme.stores.sessions.set_mentee_notes(
        match.match_id, 1, "Mine", scheme.fixed_clock.now()
    )

    assert noted.notes_updated_at == scheme.fixed_clock.now()


def test_a_session_log_counts_the_meetings_still_planned(aws: Any, clock: FixedClock) -> None:
    """Four planned meetings to come: logging a session would make five of four."""
    scheme = Scheme(SchemeConfig.from_environment(os.environ), aws, clock)
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    for days in range(4):
        scheme.meetings.propose(mentor, match.match_id, _meeting_in(clock, days + 2))

    with pytest.raises(SessionLimitReached, match="cancel a planned meeting first"):
        scheme.sessions.log(mentor, match.match_id, log())
    assert scheme.matches.get(mentor, match.match_id).sessions_used == 0


def test_a_meeting_planned_while_a_session_is_read_makes_the_log_count_again(
    aws: Any, clock: FixedClock
) -> None:
    """The cap is the write's own condition: a meeting proposed between reading the match and
    writing the log (the plan's version moved) is counted, not slipped past."""
    scheme = Scheme(SchemeConfig.from_environment(os.environ), aws, clock)
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    for days in range(3):
        scheme.meetings.propose(mentor, match.match_id, _meeting_in(clock, days + 2))
    stale = scheme.stores.matches.get(match.match_id)
    assert stale is not None
    scheme.meetings.propose(mentee, match.match_id, _meeting_in(clock, 9))  # now four planned
    session = SessionRecord(
        match_id=match.match_id,
        session_number=1,
        logged_at=clock.now(),
        **log().model_dump(),
    )

    with pytest.raises(SessionConflict):
        scheme.stores.sessions.log(stale, session)


def _meeting_in(clock: FixedClock, days: int) -> MeetingCreate:
    return MeetingCreate.model_validate(
        {
            "starts_at": (clock.now() + timedelta(days=days)).isoformat(),
            "duration_minutes": 60,
            "mode": "virtual",
            "video_link": "https://meet.example.org/x",
        }
    )
