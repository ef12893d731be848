"""Vetting mentors: administrators list applications and mentors, approve, suspend. Suspending
a mentor declines the requests waiting on them in the same write
(mentoring.services.closed_mentors); either change then offers the waiting list any place free.
"""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.clock import Clock
from mentoring.domain.models import ApplicationDecline, MentorProfile
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import MENTOR_UNAVAILABLE, MentorStatus
from mentoring.domain.standing import Standing
from mentoring.errors import NoSuchMentor
from mentoring.mail.kinds.mentors import application_declined, mentor_status_changed
from mentoring.observability import logger
from mentoring.services.closed_mentors import declining
from mentoring.services.ports import MentorListings, PlaceOffers, Profiles, RequestLists
from mentoring.services.standing import Restanding

_APPROVABLE = frozenset(
    {MentorStatus.PENDING_APPROVAL, MentorStatus.SUSPENDED, MentorStatus.DECLINED}
)
_DECLINABLE = frozenset({MentorStatus.PENDING_APPROVAL})
_SUSPENDABLE = frozenset({MentorStatus.PENDING_APPROVAL, MentorStatus.APPROVED})


@dataclass(frozen=True, kw_only=True)
class VettingService:
    profiles: Profiles
    listing: MentorListings
    lists: RequestLists
    offers: PlaceOffers
    restanding: Restanding
    clock: Clock

    def list_mentors(
        self,
        caller: Principal,
        status: MentorStatus | None,
        page: PageRequest,
        standing: Standing | None = None,
    ) -> Page[MentorProfile]:
        caller.require_admin()
        found = self.profiles.mentors_by_status(status, page, standing)
        return Page[MentorProfile](
            items=[MentorProfile.of(record) for record in found.items],
            next_cursor=found.next_cursor,
        )

    def approve_mentor(self, caller: Principal, mentor_id: str) -> MentorProfile:
        return self._change_status(caller, mentor_id, MentorStatus.APPROVED, _APPROVABLE)

    def suspend_mentor(self, caller: Principal, mentor_id: str) -> MentorProfile:
        return self._change_status(caller, mentor_id, MentorStatus.SUSPENDED, _SUSPENDABLE)

    def decline_application(
        self, caller: Principal, mentor_id: str, body: ApplicationDecline
    ) -> MentorProfile:
        """An application not selected: the applicant is told, with the reason if given."""
        return self._change_status(
            caller, mentor_id, MentorStatus.DECLINED, _DECLINABLE, body.reason
        )

    def _change_status(
        self,
        caller: Principal,
        mentor_id: str,
        to: MentorStatus,
        allowed_from: frozenset[MentorStatus],
        reason: str | None = None,
    ) -> MentorProfile:
        caller.require_admin()
        current = self.profiles.mentor(mentor_id)
        if current is None:
            raise NoSuchMentor()
        now = self.clock.now()
        told = (
            application_declined(current, reason, now)
            if to is MentorStatus.DECLINED
            else mentor_status_changed(current, to is MentorStatus.APPROVED, now)
        )
        waiting = (
            declining(self.lists, mentor_id, MENTOR_UNAVAILABLE, now)
            if to is MentorStatus.SUSPENDED
            else None
        )
        record = self.listing.change_mentor_status(current, to, allowed_from, now, told, waiting)
        logger.info("Mentor status changed", mentor_id=mentor_id, status=to.value)
        if to is MentorStatus.APPROVED:
            # Supervision is now expected: its date joins what the schedule looks at.
            record = self.listing.restand(mentor_id, self.restanding.mentor_change({}, now), now)
        # Back in the directory with places, or held places let go: the waiting list first.
        self.offers.offer_free_places(mentor_id, now)
        return MentorProfile.of(record)
