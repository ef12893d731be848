"""Waiting lists through the services, on moto tables built from the template: joining and
leaving, places offered and held, offers lapsing at the schedule, and their races."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from mentoring.domain.models import DeclineBody, MatchRequestCreate, MentorUpdate
from mentoring.domain.paging import PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import EndReason, WaitingEntryRecord
from mentoring.domain.working_days import deadline_after
from mentoring.errors import (
    AlreadyMatched,
    AlreadyWaiting,
    Forbidden,
    MentorHasRoom,
    MentorUnavailable,
    NotFound,
    WaitingListLimit,
)
from mentoring.services.requests import RequestService
from tests.support.clock import first_run_after
from tests.support.scheme import Scheme

# The fixed clock's Wednesday 25 November 2026: a place offered now is held to the end of
# Friday, the second working day after.
HELD_UNTIL = datetime(2026, 11, 27, 23, 59, 59, tzinfo=UTC)


def full_mentor(scheme: Scheme, name: str = "Dr Priya Nair") -> tuple[Principal, str]:
    """A mentor with one place, taken: the mentor and the match that takes it."""
    mentor = scheme.mentor(name, capacity=1)
    return mentor, scheme.match(scheme.mentee(), mentor).match_id


def in_line(scheme: Scheme, mentor: Principal, *mentees: Principal) -> None:
    """The mentees join the mentor's list in turn, a minute apart."""
    for mentee in mentees:
        scheme.waiting_lists.join(mentee, mentor.user_id)
        scheme.fixed_clock.advance(minutes=1)


def statuses(scheme: Scheme, mentor: Principal) -> list[tuple[str, str]]:
    line = scheme.waiting_lists.line(scheme.admin, mentor.user_id, PageRequest())
    return [(entry.mentee_id, entry.status) for entry in line.items]


def places_taken(scheme: Scheme, mentor: Principal) -> int:
    record = scheme.stores.profiles.mentor(mentor.user_id)
    assert record is not None
    return record.places_taken


# ---- joining and leaving ---------------------------------------------------------------


def test_a_mentee_joins_a_full_mentors_list_and_sees_their_place(scheme: Scheme) -> None:
    mentor, _ = full_mentor(scheme)
    first, second = scheme.mentee(), scheme.mentee()

    joined = scheme.waiting_lists.join(first, mentor.user_id)
    scheme.fixed_clock.advance(minutes=1)
    scheme.waiting_lists.join(second, mentor.user_id)

    assert (joined.mentor_id, joined.mentor_name, joined.position) == (
        mentor.user_id,
        "Dr Priya Nair",
        1,
    )
    assert (joined.status, joined.offer_expires_at) == ("waiting", None)
    assert joined.joined_at == scheme.fixed_clock.current.replace(minute=30)
    assert [e.position for e in scheme.waiting_lists.mine(second).items] == [2]


def test_a_mentor_with_room_is_asked_directly(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=2)
    with pytest.raises(MentorHasRoom):
        scheme.waiting_lists.join(scheme.mentee(), mentor.user_id)


def test_a_mentor_who_paused_requests_has_a_list_even_with_room(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=3)
    scheme.registration.update_mentor(
        mentor, MentorUpdate.model_validate({"accepting_requests": False})
    )
    assert scheme.waiting_lists.join(scheme.mentee(), mentor.user_id).position == 1


def test_one_place_per_list_and_three_lists_at_most(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    mentors = [full_mentor(scheme, f"Dr Mentor {n}")[0] for n in range(4)]
    for mentor in mentors[:3]:
        scheme.waiting_lists.join(mentee, mentor.user_id)

    with pytest.raises(AlreadyWaiting):
        scheme.waiting_lists.join(mentee, mentors[0].user_id)
    with pytest.raises(WaitingListLimit, match="at most three mentors"):
        scheme.waiting_lists.join(mentee, mentors[3].user_id)
    scheme.waiting_lists.leave(mentee, mentors[0].user_id)
    assert scheme.waiting_lists.join(mentee, mentors[3].user_id).status == "waiting"


def test_only_unmatched_mentees_join_lists_of_approved_mentors(scheme: Scheme) -> None:
    mentor, _ = full_mentor(scheme)
    matched = scheme.mentee()
    scheme.match(matched)
    pending = scheme.mentor(approve=False)

    with pytest.raises(AlreadyMatched):
        scheme.waiting_lists.join(matched, mentor.user_id)
    with pytest.raises(Forbidden):
        scheme.waiting_lists.join(scheme.mentor(), mentor.user_id)
    with pytest.raises(NotFound):
        scheme.waiting_lists.join(scheme.mentee(), pending.user_id)
    with pytest.raises(NotFound):
        scheme.waiting_lists.join(scheme.mentee(), "nobody")


def test_leaving_a_list_one_is_not_on_is_404(scheme: Scheme) -> None:
    mentor, _ = full_mentor(scheme)
    with pytest.raises(NotFound):
        scheme.waiting_lists.leave(scheme.mentee(), mentor.user_id)


def test_the_administrator_sees_a_list_in_order_a_page_at_a_time(scheme: Scheme) -> None:
    mentor, _ = full_mentor(scheme)
    mentees = [scheme.mentee() for _ in range(3)]
    for mentee in mentees:
        scheme.waiting_lists.join(mentee, mentor.user_id)
        scheme.fixed_clock.advance(minutes=1)

    first = scheme.waiting_lists.line(scheme.admin, mentor.user_id, PageRequest(limit=2))
    rest = scheme.waiting_lists.line(
        scheme.admin, mentor.user_id, PageRequest(limit=2, cursor=first.next_cursor)
    )

    assert [e.mentee_id for e in first.items + rest.items] == [m.user_id for m in mentees]
    assert rest.next_cursor is None
    with pytest.raises(Forbidden):
        scheme.waiting_lists.line(mentor, mentor.user_id, PageRequest())
    with pytest.raises(NotFound):
        scheme.waiting_lists.line(scheme.admin, "nobody", PageRequest())


# ---- a place offered -------------------------------------------------------------------


def test_a_freed_place_is_offered_to_the_first_in_line_and_held_for_them(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    first, second, stranger = scheme.mentee("Dr Amara Obi"), scheme.mentee(), scheme.mentee()
    scheme.waiting_lists.join(first, mentor.user_id)
    scheme.waiting_lists.join(second, mentor.user_id)

    scheme.matches.end(mentor, match_id)

    (offer,) = scheme.waiting_lists.mine(first).items
    assert (offer.status, offer.offer_expires_at) == ("offered", HELD_UNTIL)
    assert scheme.waiting_lists.mine(second).items[0].status == "waiting"
    email = scheme.mailer.last("place_offered")
    assert email.to == (first.email,)
    assert "Dear Dr Amara Obi" in email.text
    assert "held for you until 11:59pm on Friday 27 November 2026" in email.text
    assert not scheme.directory.get(mentor.user_id).available
    with pytest.raises(MentorUnavailable):
        scheme.request(stranger, mentor)


def test_the_offered_mentee_takes_the_place_up_and_leaves_every_list(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    other, _ = full_mentor(scheme, "Dr Other Mentor")
    mentee = scheme.mentee()
    scheme.waiting_lists.join(mentee, mentor.user_id)
    scheme.waiting_lists.join(mentee, other.user_id)
    scheme.matches.end(mentor, match_id)

    request = scheme.request(mentee, mentor)
    match = scheme.answers.accept(mentor, request.request_id)

    assert match.mentee_id == mentee.user_id
    assert scheme.waiting_lists.mine(mentee).items == []
    assert statuses(scheme, other) == []
    assert (scheme.active_matches(mentor), places_taken(scheme, mentor)) == (1, 1)


def test_a_held_request_declined_passes_the_place_to_the_next(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    first, second = scheme.mentee(), scheme.mentee()
    in_line(scheme, mentor, first, second)
    scheme.matches.end(mentor, match_id)
    request = scheme.request(first, mentor)

    scheme.answers.decline(mentor, request.request_id, DeclineBody())

    assert statuses(scheme, mentor) == [(second.user_id, "offered")]
    assert places_taken(scheme, mentor) == 1


def test_a_held_request_withdrawn_passes_the_place_to_the_next(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    first, second = scheme.mentee(), scheme.mentee()
    in_line(scheme, mentor, first, second)
    scheme.matches.end(mentor, match_id)
    request = scheme.request(first, mentor)

    scheme.requests.withdraw(first, request.request_id)

    assert statuses(scheme, mentor) == [(second.user_id, "offered")]


def test_a_held_request_left_to_expire_passes_the_place_to_the_next(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    first, second = scheme.mentee(), scheme.mentee()
    in_line(scheme, mentor, first, second)
    scheme.matches.end(mentor, match_id)
    request = scheme.request(first, mentor)

    run = first_run_after(deadline_after(request.respond_by, 5))
    assert scheme.reminders.run(run).expired == 1

    assert statuses(scheme, mentor) == [(second.user_id, "offered")]
    assert scheme.waiting_lists.mine(second).items[0].offer_expires_at == deadline_after(run, 2)


def test_leaving_while_offered_passes_the_offer_on_at_once(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    first, second = scheme.mentee(), scheme.mentee()
    in_line(scheme, mentor, first, second)
    scheme.matches.end(mentor, match_id)

    scheme.waiting_lists.leave(first, mentor.user_id)

    assert statuses(scheme, mentor) == [(second.user_id, "offered")]
    assert scheme.mailer.last("place_offered").to == (second.email,)


@pytest.mark.parametrize(
    "change", [{"capacity": 2}, {"accepting_requests": True}], ids=["more room", "reopened"]
)
def test_more_room_or_reopening_offers_the_list_first(
    scheme: Scheme, change: dict[str, Any]
) -> None:
    mentor = scheme.mentor(capacity=1)
    scheme.match(scheme.mentee(), mentor)
    if "accepting_requests" in change:
        scheme.registration.update_mentor(
            mentor, MentorUpdate.model_validate({"accepting_requests": False, "capacity": 2})
        )
    waiting = scheme.mentee()
    scheme.waiting_lists.join(waiting, mentor.user_id)

    scheme.registration.update_mentor(mentor, MentorUpdate.model_validate(change))

    assert statuses(scheme, mentor) == [(waiting.user_id, "offered")]


def test_a_reinstated_mentor_offers_the_list_first(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=2)
    scheme.registration.update_mentor(
        mentor, MentorUpdate.model_validate({"accepting_requests": False})
    )
    waiting = scheme.mentee()
    scheme.waiting_lists.join(waiting, mentor.user_id)
    scheme.vetting.suspend_mentor(scheme.admin, mentor.user_id)
    scheme.registration.update_mentor(
        mentor, MentorUpdate.model_validate({"accepting_requests": True})
    )
    assert statuses(scheme, mentor) == [(waiting.user_id, "waiting")]  # still suspended

    scheme.vetting.approve_mentor(scheme.admin, mentor.user_id)

    assert statuses(scheme, mentor) == [(waiting.user_id, "offered")]


# ---- the schedule ----------------------------------------------------------------------


def test_an_offer_not_taken_up_lapses_and_passes_on_held_from_the_run(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    first, second = scheme.mentee("Dr Amara Obi"), scheme.mentee()
    in_line(scheme, mentor, first, second)
    scheme.matches.end(mentor, match_id)
    run = first_run_after(HELD_UNTIL)  # Monday 30 November, 08:00

    summary = scheme.reminders.run(run)

    assert summary.offers_lapsed == 1
    assert statuses(scheme, mentor) == [(second.user_id, "offered")]
    assert scheme.waiting_lists.mine(second).items[0].offer_expires_at == datetime(
        2026, 12, 2, 23, 59, 59, tzinfo=UTC
    )
    lapsed = scheme.mailer.last("offer_lapsed")
    assert lapsed.to == (first.email,)
    assert "offered to the next mentee in line" in lapsed.text
    sent = len(scheme.mailer.sent)
    assert scheme.reminders.run(run).offers_lapsed == 0
    assert len(scheme.mailer.sent) == sent


def test_an_offer_is_kept_until_its_last_moment(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    mentee = scheme.mentee()
    scheme.waiting_lists.join(mentee, mentor.user_id)
    scheme.matches.end(mentor, match_id)

    assert scheme.reminders.run(HELD_UNTIL).offers_lapsed == 0
    assert scheme.waiting_lists.mine(mentee).items[0].status == "offered"


def test_the_schedule_offers_a_place_whose_own_offer_never_ran(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    mentee = scheme.mentee()
    scheme.waiting_lists.join(mentee, mentor.user_id)
    match = scheme.stores.matches.get(match_id)
    assert match is not None
    # The match ended, and the function stopped before it offered the place.
    scheme.stores.matches.end(match, EndReason.ENDED_BY_MENTOR, scheme.clock.now())
    assert statuses(scheme, mentor) == [(mentee.user_id, "waiting")]

    scheme.reminders.run(first_run_after(scheme.clock.now()))

    assert statuses(scheme, mentor) == [(mentee.user_id, "offered")]
    assert scheme.stores.waiting_lists.place_mark(mentor.user_id) is None


@pytest.mark.parametrize(
    ("freed_at", "held_until"),
    [
        # Christmas Eve: Christmas Day and the Boxing Day holiday (Monday 28th) are skipped.
        (datetime(2026, 12, 24, 12, 0, tzinfo=UTC), datetime(2026, 12, 30, 23, 59, 59, tzinfo=UTC)),
        # The clocks go back on Sunday 25 October: held to midnight GMT.
        (datetime(2026, 10, 23, 12, 0, tzinfo=UTC), datetime(2026, 10, 27, 23, 59, 59, tzinfo=UTC)),
        # Summer time: the end of the London day is 22:59:59 UTC.
        (datetime(2026, 6, 30, 12, 0, tzinfo=UTC), datetime(2026, 7, 2, 22, 59, 59, tzinfo=UTC)),
        # A leap day, then the month's end.
        (datetime(2028, 2, 28, 12, 0, tzinfo=UTC), datetime(2028, 3, 1, 23, 59, 59, tzinfo=UTC)),
        # The end of April, then the early May bank holiday.
        (datetime(2027, 4, 30, 12, 0, tzinfo=UTC), datetime(2027, 5, 5, 22, 59, 59, tzinfo=UTC)),
    ],
    ids=["christmas", "clock-change", "summer", "leap-day", "may-day"],
)
def test_a_place_is_held_to_the_end_of_the_second_working_day(
    scheme: Scheme, freed_at: datetime, held_until: datetime
) -> None:
    mentor, match_id = full_mentor(scheme)
    mentee = scheme.mentee()
    scheme.waiting_lists.join(mentee, mentor.user_id)
    scheme.fixed_clock.current = freed_at

    scheme.matches.end(mentor, match_id)

    assert scheme.waiting_lists.mine(mentee).items[0].offer_expires_at == held_until


# ---- races -----------------------------------------------------------------------------


@dataclasses.dataclass
class StaleLine:
    """The waiting lists, but each mentor's line as it was first read: two offer passes at
    once both see the same first mentee waiting."""

    real: Any
    seen: dict[str, list[WaitingEntryRecord]] = dataclasses.field(default_factory=dict)

    def line(self, mentor_id: str) -> Iterator[WaitingEntryRecord]:
        self.seen.setdefault(mentor_id, list(self.real.line(mentor_id)))
        return iter(self.seen[mentor_id])

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_two_places_freed_at_once_offer_two_different_mentees(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=2)
    first_match = scheme.match(scheme.mentee(), mentor).match_id
    second_match = scheme.match(scheme.mentee(), mentor).match_id
    a, b = scheme.mentee(), scheme.mentee()
    in_line(scheme, mentor, a, b)
    for match_id in (first_match, second_match):  # both ended before either offer ran
        match = scheme.stores.matches.get(match_id)
        assert match is not None
        scheme.stores.matches.end(match, EndReason.ENDED_BY_MENTOR, scheme.clock.now())
    stale = StaleLine(scheme.stores.waiting_lists)
    racing = dataclasses.replace(scheme.waiting_lists, lists=stale)

    offered = racing.offer_free_places(mentor.user_id) + racing.offer_free_places(mentor.user_id)

    assert offered == 2
    assert sorted(statuses(scheme, mentor)) == sorted(
        [(a.user_id, "offered"), (b.user_id, "offered")]
    )
    assert places_taken(scheme, mentor) == 2


def _with_ask_first(scheme: Scheme, first: Callable[[], object]) -> RequestService:
    """The request service, with `first` happening between its reads and its write."""

    class Interleaved:
        def __getattr__(self, name: str) -> Any:
            return getattr(scheme.stores.requests, name)

        def ask(self, *args: Any, **kwargs: Any) -> None:
            first()
            scheme.stores.requests.ask(*args, **kwargs)

    return dataclasses.replace(scheme.requests, requests=Interleaved())


def test_an_offer_and_a_strangers_request_at_once_never_both_win(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=1)
    scheme.registration.update_mentor(
        mentor, MentorUpdate.model_validate({"accepting_requests": False})
    )
    waiting, stranger = scheme.mentee(), scheme.mentee()
    scheme.waiting_lists.join(waiting, mentor.user_id)
    scheme.stores.mentor_listing.update_mentor(
        mentor.user_id, {"accepting_requests": True}, scheme.clock.now()
    )  # reopened; its offer not made yet
    racing = _with_ask_first(scheme, lambda: scheme.waiting_lists.offer_free_places(mentor.user_id))

    with pytest.raises(MentorUnavailable):
        racing.create(stranger, _ask(mentor))

    assert statuses(scheme, mentor) == [(waiting.user_id, "offered")]


def test_a_strangers_request_just_before_an_offer_is_declined_by_it(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=1)
    scheme.registration.update_mentor(
        mentor, MentorUpdate.model_validate({"accepting_requests": False})
    )
    waiting, stranger = scheme.mentee(), scheme.mentee()
    scheme.waiting_lists.join(waiting, mentor.user_id)
    scheme.stores.mentor_listing.update_mentor(
        mentor.user_id, {"accepting_requests": True}, scheme.clock.now()
    )
    request = scheme.request(stranger, mentor)

    scheme.waiting_lists.offer_free_places(mentor.user_id)

    assert scheme.requests.get(stranger, request.request_id).decline_reason == "mentor_full"
    assert statuses(scheme, mentor) == [(waiting.user_id, "offered")]
    assert places_taken(scheme, mentor) == 1


def test_a_lapse_racing_the_offered_mentees_request_lets_one_win(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    late, next_in_line = scheme.mentee(), scheme.mentee()
    in_line(scheme, mentor, late, next_in_line)
    scheme.matches.end(mentor, match_id)
    scheme.fixed_clock.current = HELD_UNTIL.replace(second=0)  # a minute before it lapses
    run = first_run_after(HELD_UNTIL)
    racing = _with_ask_first(scheme, lambda: scheme.reminders.run(run))

    with pytest.raises(MentorUnavailable):  # the lapse won: the place went to the next
        racing.create(late, _ask(mentor))

    assert statuses(scheme, mentor) == [(next_in_line.user_id, "offered")]
    assert scheme.mailer.last("offer_lapsed").to == (late.email,)


def test_a_request_just_before_the_lapse_keeps_the_place(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    mentee, next_in_line = scheme.mentee(), scheme.mentee()
    in_line(scheme, mentor, mentee, next_in_line)
    scheme.matches.end(mentor, match_id)
    scheme.fixed_clock.current = HELD_UNTIL.replace(second=0)

    request = scheme.request(mentee, mentor)
    summary = scheme.reminders.run(first_run_after(HELD_UNTIL))

    assert summary.offers_lapsed == 0
    assert "offer_lapsed" not in scheme.mailer.kinds()
    assert statuses(scheme, mentor) == [(next_in_line.user_id, "waiting")]
    assert scheme.answers.accept(mentor, request.request_id).mentee_id == mentee.user_id


# ---- a person's data -------------------------------------------------------------------


def test_export_lists_the_lists_a_mentee_joined(scheme: Scheme) -> None:
    mentor, _ = full_mentor(scheme)
    mentee = scheme.mentee()
    scheme.waiting_lists.join(mentee, mentor.user_id)

    exported = scheme.privacy.export(mentee)["waiting_lists"]

    assert exported == [
        {
            "mentor_id": mentor.user_id,
            "mentor_name": "Dr Priya Nair",
            "status": "waiting",
            "joined_at": "2026-11-25T10:30:00Z",
            "offer_expires_at": None,
        }
    ]


def test_an_erased_mentee_leaves_every_list_and_their_offer_passes_on(scheme: Scheme) -> None:
    mentor, match_id = full_mentor(scheme)
    leaving, next_in_line = scheme.mentee(), scheme.mentee()
    in_line(scheme, mentor, leaving, next_in_line)
    scheme.matches.end(mentor, match_id)

    scheme.privacy.erase(leaving)

    assert statuses(scheme, mentor) == [(next_in_line.user_id, "offered")]
    assert scheme.stores.waiting_lists.of_mentee(leaving.user_id) == []


def test_an_erased_mentor_closes_their_list(scheme: Scheme) -> None:
    mentor, _ = full_mentor(scheme)
    mentee = scheme.mentee()
    scheme.waiting_lists.join(mentee, mentor.user_id)

    scheme.privacy.erase(mentor)

    assert scheme.waiting_lists.mine(mentee).items == []
    for n in range(3):  # their three places are free again
        scheme.waiting_lists.join(mentee, full_mentor(scheme, f"Dr Mentor {n}")[0].user_id)


def _ask(mentor: Principal) -> MatchRequestCreate:
    return MatchRequestCreate(mentor_id=mentor.user_id)
