"""Waiting lists: a full mentor is not a dead end.

A mentee whose preferred mentor is full (or not taking requests) joins that mentor's list, up
to three lists at once. When a place frees (a match ends, capacity goes up, requests open
again, an offer or a held request lets its place go), the first mentee still waiting is
offered it: the place is held for them to the end of the `hold_working_days`-th working day,
the directory shows the mentor as full to everyone else, and their request takes it up. An
offer not taken up in time lapses at the daily schedule and passes to the next in line. A
mentee who is matched leaves every list. Every rule is a condition of a write
(mentoring.data.waiting_lists); this decides what to ask for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from mentoring.clock import Clock
from mentoring.config import MOST_WAITING_LISTS, SchemeRules
from mentoring.domain.models import WaitingEntryView, WaitingLineEntry
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import MentorStatus, WaitingEntryRecord, WaitingStatus
from mentoring.domain.working_days import deadline_after
from mentoring.errors import MentorUnavailable, NoSuchMentor, NotAMentee, NotWaiting
from mentoring.mail.kinds.waiting_lists import offer_lapsed, place_offered
from mentoring.observability import logger, metrics
from mentoring.services.ports import Offered, ProfileReader, WaitingLists
from mentoring.services.schedule import RunSummary, each

# Reading an entry and leaving it as read, again if it changed in between (an offer made).
_LEAVE_ATTEMPTS = 3


@dataclass(frozen=True, kw_only=True)
class WaitingListService:
    lists: WaitingLists
    profiles: ProfileReader
    clock: Clock
    rules: SchemeRules
    # After an offer fills a mentor: no stranger's request waits on them
    # (mentoring.services.closed_mentors).
    decline_others_if_closed: Callable[[str], int]

    # ---- the mentee --------------------------------------------------------------------

    def join(self, caller: Principal, mentor_id: str) -> WaitingEntryView:
        mentee = self.profiles.mentee(caller.user_id)
        if mentee is None:
            raise NotAMentee()
        if mentor_id == caller.user_id:
            raise MentorUnavailable("You cannot be your own mentor.")
        mentor = self.profiles.mentor(mentor_id)
        if mentor is None or mentor.status is not MentorStatus.APPROVED:
            raise NoSuchMentor()
        entry = WaitingEntryRecord(
            mentee_id=mentee.user_id,
            mentor_id=mentor.user_id,
            mentee_name=mentee.name,
            mentor_name=mentor.name,
            mentee_email=mentee.email,
            status=WaitingStatus.WAITING,
            joined_at=self.clock.now(),
        )
        self.lists.join(entry, MOST_WAITING_LISTS)
        logger.info("Waiting list joined", mentor_id=mentor_id)
        metrics.add_metric(name="WaitingListJoined", unit="Count", value=1)
        return self._view(entry)

    def leave(self, caller: Principal, mentor_id: str) -> None:
        for _ in range(_LEAVE_ATTEMPTS):
            entry = self.lists.entry(caller.user_id, mentor_id)
            if entry is None:
                raise NotWaiting()
            if self.lists.leave(entry, self.clock.now()):
                break
        else:
            raise NotWaiting()
        logger.info("Waiting list left", mentor_id=mentor_id, status=entry.status.value)
        if entry.status is WaitingStatus.OFFERED:
            self.offer_free_places(mentor_id)

    def mine(self, caller: Principal) -> Page[WaitingEntryView]:
        """A mentee's lists, oldest first: three at most, so always one page."""
        return Page[WaitingEntryView](items=self.entries_of(caller.user_id), next_cursor=None)

    def entries_of(self, mentee_id: str) -> list[WaitingEntryView]:
        entries = sorted(self.lists.of_mentee(mentee_id), key=lambda e: e.joined_at)
        return [self._view(entry) for entry in entries]

    def _view(self, entry: WaitingEntryRecord) -> WaitingEntryView:
        """Position 1 is next: one more than the mentees still waiting who joined earlier."""
        ahead = sum(
            1
            for other in self.lists.line(entry.mentor_id)
            if other.status is WaitingStatus.WAITING
            and (other.joined_at, other.mentee_id) < (entry.joined_at, entry.mentee_id)
        )
        return WaitingEntryView.of(entry, position=ahead + 1)

    # ---- the administrator -------------------------------------------------------------

    def line(self, caller: Principal, mentor_id: str, page: PageRequest) -> Page[WaitingLineEntry]:
        caller.require_admin()
        if self.profiles.mentor(mentor_id) is None:
            raise NoSuchMentor()
        found = self.lists.line_page(mentor_id, page)
        return Page[WaitingLineEntry](
            items=[WaitingLineEntry.of(entry) for entry in found.items],
            next_cursor=found.next_cursor,
        )

    # ---- places offered ----------------------------------------------------------------

    def offer_free_places(self, mentor_id: str, now: datetime | None = None) -> int:
        """Offer each place free for anyone to the next mentee waiting, until none is free
        or no one waits; then take off the mark the freeing change left (unless another
        change marked the mentor since). How many were offered."""
        now = now or self.clock.now()
        mark = self.lists.place_mark(mentor_id)
        offered = 0
        tried: set[str] = set()
        expires_at = deadline_after(now, self.rules.hold_working_days)
        while True:
            entry = next(
                (
                    e
                    for e in self.lists.line(mentor_id)
                    if e.status is WaitingStatus.WAITING and e.mentee_id not in tried
                ),
                None,
            )
            if entry is None:
                break
            tried.add(entry.mentee_id)
            result = self.lists.offer(entry, expires_at, now, place_offered(entry, expires_at, now))
            if result is Offered.NO_PLACE:
                break
            if result is Offered.MATCHED:
                self.lists.leave(entry, now)
            if result is Offered.OFFERED:
                offered += 1
                logger.info("Waiting-list place offered", mentor_id=mentor_id)
                metrics.add_metric(name="WaitingListPlaceOffered", unit="Count", value=1)
        if mark is not None:
            self.lists.clear_place_mark(mentor_id, mark)
        if offered:
            self.decline_others_if_closed(mentor_id)
        return offered

    def holds_offer(self, mentee_id: str, mentor_id: str, now: datetime) -> bool:
        entry = self.lists.entry(mentee_id, mentor_id)
        return (
            entry is not None
            and entry.status is WaitingStatus.OFFERED
            and entry.offer_expires_at is not None
            and entry.offer_expires_at >= now  # held through its last second
        )

    def leave_every_list(self, mentee_id: str, now: datetime) -> None:
        """A mentee matched (or erased) leaves every list; an offer they held passes on."""
        for entry in self.lists.of_mentee(mentee_id):
            if self.lists.leave(entry, now) and entry.status is WaitingStatus.OFFERED:
                self.offer_free_places(entry.mentor_id, now)

    def close_line(self, mentor_id: str, now: datetime) -> None:
        """A mentor who leaves the scheme: their list goes (the mentees' counts with it)."""
        for entry in self.lists.line(mentor_id):
            self.lists.leave(entry, now)

    def lapse(self, mentee_id: str, mentor_id: str, now: datetime) -> bool:
        """The schedule: an offer not taken up by `now` lapses (the mentee is told, and leaves
        the list), and the place goes to the next in line, held from the run's time."""
        entry = self.lists.entry(mentee_id, mentor_id)
        if entry is None or entry.status is not WaitingStatus.OFFERED:
            return False
        if not self.lists.lapse(entry, now, offer_lapsed(entry, now)):
            return False
        logger.info("Waiting-list offer lapsed", mentor_id=mentor_id)
        metrics.add_metric(name="WaitingListOfferLapsed", unit="Count", value=1)
        self.offer_free_places(mentor_id, now)
        return True


@dataclass(frozen=True, kw_only=True)
class WaitingListOffers:
    """The schedule's step: offers whose time ran out lapse (the place passes on, held from
    the run's time), then every mentor a change marked as perhaps having a free place has it
    offered (a change whose own offer never ran). Both are index queries by due time."""

    lists: WaitingLists
    offers: WaitingListService

    def run(self, now: datetime, summary: RunSummary) -> None:
        for mentee_id, mentor_id in list(self.lists.offers_lapsed_by(now)):
            each(
                "waiting_entry", mentor_id, partial(self._lapse, mentee_id, mentor_id, now, summary)
            )
        for mentor_id in list(self.lists.places_freed_by(now)):
            each("mentor", mentor_id, partial(self._offer, mentor_id, now))

    def _offer(self, mentor_id: str, now: datetime) -> None:
        self.offers.offer_free_places(mentor_id, now)

    def _lapse(self, mentee_id: str, mentor_id: str, now: datetime, summary: RunSummary) -> None:
        if self.offers.lapse(mentee_id, mentor_id, now):
            summary.offers_lapsed += 1
