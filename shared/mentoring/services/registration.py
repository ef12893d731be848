"""Registration: mentees and mentors join, update their profiles; administrators vet mentors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mentoring.clock import Clock, today_in_london
from mentoring.config import ELIGIBLE_REGION, SchemeRules
from mentoring.domain.eligibility import require_eligible
from mentoring.domain.models import (
    Me,
    MenteeProfile,
    MenteeRegistration,
    MenteeUpdate,
    MentorApplication,
    MentorProfile,
    MentorUpdate,
    SchemeInfo,
)
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import MenteeRecord, MentorRecord, MentorStatus
from mentoring.errors import NoMenteeProfile, NoMentorProfile, NoSuchMentor, ValidationFailed
from mentoring.mail.kinds.mentors import mentor_applied, mentor_status_changed
from mentoring.observability import logger, metrics
from mentoring.services.ports import MentorListings, Profiles

_APPROVABLE = frozenset({MentorStatus.PENDING_APPROVAL, MentorStatus.SUSPENDED})
_SUSPENDABLE = frozenset({MentorStatus.PENDING_APPROVAL, MentorStatus.APPROVED})


@dataclass(frozen=True, kw_only=True)
class RegistrationService:
    profiles: Profiles
    listing: MentorListings
    clock: Clock
    rules: SchemeRules
    # Called with the mentor's id once suspended, so no mentee is left waiting on them.
    on_mentor_suspended: Callable[[str], object] | None = None

    def scheme(self) -> SchemeInfo:
        return SchemeInfo(
            code_of_practice_version=self.rules.code_of_practice_version,
            code_of_practice_url=self.rules.code_of_practice_url,
            sessions_limit=self.rules.sessions_limit,
            response_working_days=self.rules.response_working_days,
            eligible_region=ELIGIBLE_REGION,
        )

    def register_mentee(self, caller: Principal, body: MenteeRegistration) -> MenteeProfile:
        require_eligible(body, self.rules.code_of_practice_version)
        now = self.clock.now()
        record = MenteeRecord(
            **body.model_dump(),
            user_id=caller.user_id,
            email=caller.email,
            created_at=now,
            updated_at=now,
        )
        self.profiles.add_mentee(record)
        logger.info("Mentee registered", user_id=caller.user_id)
        metrics.add_metric(name="MenteeRegistered", unit="Count", value=1)
        return MenteeProfile.of(record)

    def apply_as_mentor(self, caller: Principal, body: MentorApplication) -> MentorProfile:
        if body.training_completed_on > today_in_london(self.clock):
            raise ValidationFailed.on(
                "training_completed_on",
                "date_in_future",
                "The training completion date cannot be in the future.",
            )
        require_eligible(body, self.rules.code_of_practice_version)
        now = self.clock.now()
        record = MentorRecord(
            **body.model_dump(),
            user_id=caller.user_id,
            email=caller.email,
            created_at=now,
            updated_at=now,
        )
        self.profiles.add_mentor(record, mentor_applied(record, now))
        logger.info("Mentor applied", user_id=caller.user_id)
        metrics.add_metric(name="MentorApplied", unit="Count", value=1)
        return MentorProfile.of(record)

    def me(self, caller: Principal) -> Me:
        mentee, mentor = self.profiles.profiles(caller.user_id)
        return Me(
            user_id=caller.user_id,
            email=caller.email,
            is_admin=caller.is_admin,
            mentee=MenteeProfile.of(mentee) if mentee else None,
            mentor=MentorProfile.of(mentor) if mentor else None,
        )

    def update_mentee(self, caller: Principal, body: MenteeUpdate) -> MenteeProfile:
        changes = body.changes()
        if not changes:
            return MenteeProfile.of(self._own_mentee(caller))
        return MenteeProfile.of(
            self.profiles.update_mentee(caller.user_id, changes, self.clock.now())
        )

    def update_mentor(self, caller: Principal, body: MentorUpdate) -> MentorProfile:
        changes = body.changes()
        if not changes:
            return MentorProfile.of(self._own_mentor(caller))
        return MentorProfile.of(
            self.listing.update_mentor(caller.user_id, changes, self.clock.now())
        )

    def list_mentors(
        self, caller: Principal, status: MentorStatus | None, page: PageRequest
    ) -> Page[MentorProfile]:
        caller.require_admin()
        found = self.profiles.mentors_by_status(status, page)
        return Page[MentorProfile](
            items=[MentorProfile.of(record) for record in found.items],
            next_cursor=found.next_cursor,
        )

    def approve_mentor(self, caller: Principal, mentor_id: str) -> MentorProfile:
        return self._change_status(caller, mentor_id, MentorStatus.APPROVED, _APPROVABLE)

    def suspend_mentor(self, caller: Principal, mentor_id: str) -> MentorProfile:
        profile = self._change_status(caller, mentor_id, MentorStatus.SUSPENDED, _SUSPENDABLE)
        if self.on_mentor_suspended is not None:
            self.on_mentor_suspended(mentor_id)
        return profile

    def _change_status(
        self,
        caller: Principal,
        mentor_id: str,
        to: MentorStatus,
        allowed_from: frozenset[MentorStatus],
    ) -> MentorProfile:
        caller.require_admin()
        current = self.profiles.mentor(mentor_id)
        if current is None:
            raise NoSuchMentor()
        now = self.clock.now()
        told = mentor_status_changed(current, to is MentorStatus.APPROVED, now)
        record = self.listing.change_mentor_status(current, to, allowed_from, now, told)
        logger.info("Mentor status changed", mentor_id=mentor_id, status=to.value)
        return MentorProfile.of(record)

    def _own_mentee(self, caller: Principal) -> MenteeRecord:
        record = self.profiles.mentee(caller.user_id)
        if record is None:
            raise NoMenteeProfile()
        return record

    def _own_mentor(self, caller: Principal) -> MentorRecord:
        record = self.profiles.mentor(caller.user_id)
        if record is None:
            raise NoMentorProfile()
        return record
