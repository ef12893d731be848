"""Matching rules through the service, on moto tables built from the template."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from mentoring.domain.models import DeclineBody, MatchRequestCreate, MentorUpdate
from mentoring.domain.paging import PageRequest
from mentoring.domain.records import MatchRecord, MatchRequestRecord, MatchStatus, RequestStatus
from mentoring.errors import (
    AlreadyMatched,
    Forbidden,
    InvalidTransition,
    MatchNotActive,
    MentorUnavailable,
    NotFound,
    PendingRequestExists,
    RateLimited,
)
from tests.support.mail import links_in
from tests.support.scheme import BASE_URL, Scheme


def test_a_mentee_asks_a_mentor_and_the_mentor_is_emailed(scheme: Scheme) -> None:
    mentee = scheme.mentee("Dr Chidi Eze")
    mentor = scheme.mentor("Dr Priya Nair")

    request = scheme.request(mentee, mentor, "Could you help me prepare for MRCP?")

    assert request.status == "pending"
    assert (request.mentee_id, request.mentor_id) == (mentee.user_id, mentor.user_id)
    assert request.respond_by == datetime(2026, 12, 2, 23, 59, 59, tzinfo=UTC)
    email = scheme.mailer.last("new_request")
    assert email.to == (mentor.email,)
    assert "Could you help me prepare for MRCP?" in email.text
    assert "11:59pm on Wednesday 2 December 2026" in email.text
    assert set(links_in(email)) == {"Accept this request", "Decline this request"}
    assert all(url.startswith(f"{BASE_URL}/actions/") for url in links_in(email).values())


def test_one_pending_request_at_a_time(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    scheme.request(mentee, scheme.mentor())
    with pytest.raises(PendingRequestExists):
        scheme.request(mentee, scheme.mentor())


def test_only_registered_mentees_may_ask(scheme: Scheme) -> None:
    mentor = scheme.mentor()
    with pytest.raises(Forbidden):
        scheme.request(mentor, scheme.mentor())


def test_a_mentor_must_exist_and_be_approved(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    missing = MatchRequestCreate(mentor_id="nobody")
    with pytest.raises(NotFound):
        scheme.requests.create(mentee, missing)
    with pytest.raises(MentorUnavailable):
        scheme.request(mentee, scheme.mentor(approve=False))
    suspended = scheme.mentor()
    scheme.vetting.suspend_mentor(scheme.admin, suspended.user_id)
    with pytest.raises(MentorUnavailable):
        scheme.request(mentee, suspended)


def test_a_mentor_who_is_not_accepting_requests_is_unavailable(scheme: Scheme) -> None:
    mentor = scheme.mentor()
    scheme.registration.update_mentor(mentor, MentorUpdate(accepting_requests=False))
    with pytest.raises(MentorUnavailable):
        scheme.request(scheme.mentee(), mentor)


def test_no_one_is_their_own_mentor(scheme: Scheme) -> None:
    person = scheme.mentee()
    scheme.become_mentor(person)
    with pytest.raises(MentorUnavailable):
        scheme.request(person, person)


def test_accepting_creates_a_match_and_tells_the_mentee(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor(capacity=2)
    request = scheme.request(mentee, mentor)

    match = scheme.answers.accept(mentor, request.request_id)

    assert match.status == "active"
    assert (match.sessions_used, match.sessions_limit) == (0, 4)
    assert scheme.requests.get(mentee, request.request_id).status == "accepted"
    assert scheme.active_matches(mentor) == 1
    assert scheme.mailer.last("request_accepted").to == (mentee.email,)
    me = scheme.registration.me(mentee).mentee
    assert me is not None
    assert (me.pending_request_id, me.active_match_id) == (None, match.match_id)


def test_a_matched_mentee_cannot_ask_again(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    scheme.answers.accept(mentor, scheme.request(mentee, mentor).request_id)
    with pytest.raises(AlreadyMatched):
        scheme.request(mentee, scheme.mentor())


def test_only_the_mentor_accepts_or_declines_and_only_the_mentee_withdraws(scheme: Scheme) -> None:
    mentee, mentor, stranger = scheme.mentee(), scheme.mentor(), scheme.mentee()
    request_id = scheme.request(mentee, mentor).request_id

    with pytest.raises(Forbidden):
        scheme.answers.accept(mentee, request_id)
    with pytest.raises(Forbidden):
        scheme.answers.decline(mentee, request_id, DeclineBody())
    with pytest.raises(Forbidden):
        scheme.requests.withdraw(mentor, request_id)
    with pytest.raises(Forbidden):
        scheme.answers.accept(scheme.admin, request_id)
    with pytest.raises(NotFound):
        scheme.answers.accept(stranger, request_id)
    with pytest.raises(NotFound):
        scheme.requests.get(stranger, request_id)


@pytest.mark.parametrize("first", ["accept", "decline", "withdraw"])
def test_a_request_is_answered_once(scheme: Scheme, first: str) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    request_id = scheme.request(mentee, mentor).request_id
    answers: dict[str, Callable[[], object]] = {
        "accept": lambda: scheme.answers.accept(mentor, request_id),
        "decline": lambda: scheme.answers.decline(mentor, request_id, DeclineBody()),
        "withdraw": lambda: scheme.requests.withdraw(mentee, request_id),
    }
    answers[first]()
    for answer in answers.values():
        with pytest.raises(InvalidTransition):
            answer()


def test_declining_frees_the_mentee_and_passes_on_the_reason(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    request_id = scheme.request(mentee, mentor).request_id

    declined = scheme.answers.decline(
        mentor, request_id, DeclineBody(reason="I am on parental leave until March.")
    )

    assert (declined.status, declined.decline_reason) == (
        "declined",
        "I am on parental leave until March.",
    )
    assert "parental leave" in scheme.mailer.last("request_declined").text
    assert scheme.request(mentee, scheme.mentor()).status == "pending"


def test_withdrawing_tells_the_mentor(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    withdrawn = scheme.requests.withdraw(mentee, scheme.request(mentee, mentor).request_id)
    assert withdrawn.status == "withdrawn"
    assert scheme.mailer.last("request_withdrawn").to == (mentor.email,)


def test_a_full_mentor_declines_every_other_waiting_mentee(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=1)
    first, second, third = scheme.mentee(), scheme.mentee(), scheme.mentee()
    accepted = scheme.request(first, mentor)
    waiting = [scheme.request(second, mentor), scheme.request(third, mentor)]

    scheme.answers.accept(mentor, accepted.request_id)

    for request in waiting:
        view = scheme.requests.get(mentor, request.request_id)
        assert (view.status, view.decline_reason) == ("declined", "mentor_full")
    auto = [e for e in scheme.mailer.sent if e.kind == "request_auto_declined"]
    assert sorted(e.to[0] for e in auto) == sorted([str(second.email), str(third.email)])
    with pytest.raises(MentorUnavailable):
        scheme.request(scheme.mentee(), mentor)
    assert scheme.request(second, scheme.mentor()).status == "pending"


def test_a_mentor_never_takes_more_mentees_than_capacity(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=1)
    first = scheme.request(scheme.mentee(), mentor)
    second = scheme.request(scheme.mentee(), mentor)
    stale = scheme.stores.requests.get(second.request_id)  # read while still pending
    scheme.answers.accept(mentor, first.request_id)
    # The second was auto-declined; even an accept of it as read before cannot exceed capacity.
    assert stale is not None
    with pytest.raises(InvalidTransition):
        scheme.answers.accept(mentor, second.request_id)
    with pytest.raises((InvalidTransition, MentorUnavailable)):
        scheme.stores.requests.accept(stale, _a_match_for(stale, scheme))
    assert scheme.active_matches(mentor) == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"capacity": 1}, "mentor_full"),
        ({"accepting_requests": False}, "mentor_unavailable"),
    ],
)
def test_a_mentor_left_without_room_leaves_no_mentee_waiting(
    scheme: Scheme, change: dict[str, object], reason: str
) -> None:
    """Two places, one taken: lowering capacity to one (or pausing requests) declines the
    requests still waiting, with the change itself, and tells each mentee at once."""
    mentor = scheme.mentor(capacity=2)
    accepted = scheme.request(scheme.mentee(), mentor)
    scheme.answers.accept(mentor, accepted.request_id)
    waiting_mentees = [scheme.mentee(), scheme.mentee()]
    waiting = [scheme.request(mentee, mentor) for mentee in waiting_mentees]

    scheme.registration.update_mentor(mentor, MentorUpdate.model_validate(change))

    for request in waiting:
        view = scheme.requests.get(mentor, request.request_id)
        assert (view.status, view.decline_reason) == ("declined", reason)
    told = [e.to[0] for e in scheme.mailer.sent if e.kind == "request_auto_declined"]
    assert sorted(told) == sorted(str(m.email) for m in waiting_mentees)
    assert scheme.request(waiting_mentees[0], scheme.mentor()).status == "pending"


def test_a_mentor_with_room_still_keeps_the_requests_waiting_on_them(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=3)
    waiting = scheme.request(scheme.mentee(), mentor)

    scheme.registration.update_mentor(mentor, MentorUpdate.model_validate({"capacity": 2}))

    assert scheme.requests.get(mentor, waiting.request_id).status == "pending"


def _a_match_for(request: MatchRequestRecord, scheme: Scheme) -> MatchRecord:
    return MatchRecord(
        match_id="stale-accept",
        request_id=request.request_id,
        mentee_id=request.mentee_id,
        mentor_id=request.mentor_id,
        mentee_name=request.mentee_name,
        mentor_name=request.mentor_name,
        status=MatchStatus.ACTIVE,
        sessions_limit=scheme.rules.sessions_limit,
        started_at=scheme.fixed_clock.now(),
    )


def test_daily_request_limit(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    for _ in range(scheme.rules.max_requests_per_day):
        request = scheme.request(mentee, scheme.mentor())
        scheme.requests.withdraw(mentee, request.request_id)
    with pytest.raises(RateLimited):
        scheme.request(mentee, scheme.mentor())
    scheme.fixed_clock.advance(days=1)
    assert scheme.request(mentee, scheme.mentor()).status == "pending"


def test_ending_a_match_frees_the_place_and_invites_evaluation(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.answers.accept(mentor, scheme.request(mentee, mentor).request_id)

    ended = scheme.matches.end(mentee, match.match_id)

    assert (ended.status, ended.end_reason) == ("ended", "ended_by_mentee")
    assert scheme.active_matches(mentor) == 0
    invitation = scheme.mailer.last("evaluation_invitation")
    assert invitation.to == (mentee.email,)
    assert "evaluation" in invitation.text
    with pytest.raises(MatchNotActive):
        scheme.matches.end(mentor, match.match_id)
    assert scheme.request(mentee, scheme.mentor()).status == "pending"


@pytest.mark.parametrize(
    ("who", "reason"), [("mentor", "ended_by_mentor"), ("admin", "ended_by_admin")]
)
def test_the_end_reason_names_who_ended_it(scheme: Scheme, who: str, reason: str) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.answers.accept(mentor, scheme.request(mentee, mentor).request_id)
    caller = mentor if who == "mentor" else scheme.admin
    assert scheme.matches.end(caller, match.match_id).end_reason == reason


def test_strangers_cannot_see_or_end_a_match(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.answers.accept(mentor, scheme.request(mentee, mentor).request_id)
    stranger = scheme.mentee()
    with pytest.raises(NotFound):
        scheme.matches.get(stranger, match.match_id)
    with pytest.raises(NotFound):
        scheme.matches.end(stranger, match.match_id)
    assert scheme.matches.get(scheme.admin, match.match_id).match_id == match.match_id


def test_administrators_see_requests_without_the_mentees_message(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    request = scheme.request(mentee, mentor, "Personal: I am struggling with the move.")
    assert scheme.requests.get(mentor, request.request_id).message is not None
    seen = scheme.requests.get(scheme.admin, request.request_id)
    assert seen.message is None
    listed = scheme.requests.list(scheme.admin, RequestStatus.PENDING, PageRequest())
    assert [r.request_id for r in listed.items] == [request.request_id]
    assert listed.items[0].message is None


def test_a_user_sees_requests_sent_and_received_newest_first_across_pages(scheme: Scheme) -> None:
    both = scheme.mentee("Dr Both Roles")
    scheme.become_mentor(both)
    expected = []
    for _ in range(3):
        scheme.fixed_clock.advance(minutes=5)
        expected.append(scheme.request(scheme.mentee(), both).request_id)  # received
    scheme.fixed_clock.advance(minutes=5)
    expected.append(scheme.request(both, scheme.mentor()).request_id)  # sent
    scheme.fixed_clock.advance(minutes=5)
    expected.append(scheme.request(scheme.mentee(), both).request_id)  # received

    seen: list[str] = []
    cursor = None
    while True:
        page = scheme.requests.list(both, None, PageRequest(limit=2, cursor=cursor))
        seen += [r.request_id for r in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == list(reversed(expected))
    pending = scheme.requests.list(both, RequestStatus.PENDING, PageRequest(limit=50))
    assert len(pending.items) == 5


def test_an_email_that_cannot_be_sent_does_not_undo_the_request(scheme: Scheme) -> None:
    scheme.mailer.failing_kinds.add("new_request")
    mentee, mentor = scheme.mentee(), scheme.mentor()
    request = scheme.request(mentee, mentor)
    assert scheme.requests.get(mentor, request.request_id).status == "pending"
    assert "new_request" not in scheme.mailer.kinds()  # retried, then parked
    assert [n["kind"] for p in scheme.stream.parked for n in p["notifications"]] == ["new_request"]


def test_administrators_list_every_match_by_status(scheme: Scheme) -> None:
    first = scheme.match()
    scheme.fixed_clock.advance(minutes=1)
    second = scheme.match()
    scheme.matches.end(scheme.admin, first.match_id)

    everything = scheme.matches.list(scheme.admin, None, PageRequest(limit=1))
    rest = scheme.matches.list(
        scheme.admin, None, PageRequest(limit=1, cursor=everything.next_cursor)
    )
    assert {m.match_id for m in everything.items + rest.items} == {first.match_id, second.match_id}
    assert rest.next_cursor is None
    active = scheme.matches.list(scheme.admin, MatchStatus.ACTIVE, PageRequest())
    assert [m.match_id for m in active.items] == [second.match_id]
    mine = scheme.matches.list(scheme.mentee(), None, PageRequest())
    assert mine.items == []


def test_suspending_a_mentor_frees_the_mentees_waiting_on_them(scheme: Scheme) -> None:
    mentor, mentee = scheme.mentor(), scheme.mentee()
    waiting = scheme.request(mentee, mentor)

    scheme.vetting.suspend_mentor(scheme.admin, mentor.user_id)

    view = scheme.requests.get(mentee, waiting.request_id)
    assert (view.status, view.decline_reason) == ("declined", "mentor_unavailable")
    email = scheme.mailer.last("request_auto_declined")
    assert email.to == (mentee.email,)
    assert "not available" in email.text
    assert scheme.request(mentee, scheme.mentor()).status == "pending"
