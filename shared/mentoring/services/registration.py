"""Registration: mentees and mentors join and keep their own profiles (administrators vet
mentors: mentoring.services.vetting)."""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.clock import Clock, today_in_london
from mentoring.config import ELIGIBLE_REGION, SchemeRules
from mentoring.domain.eligibility import TRAINING_EXPIRED, require_eligible
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
from mentoring.domain.principal import Principal
from mentoring.domain.records import MenteeRecord, MentorRecord
from mentoring.domain.standing import add_months
from mentoring.errors import Ineligible, NoMenteeProfile, NoMentorProfile, ValidationFailed
from mentoring.mail.kinds.mentors import mentor_applied
from mentoring.observability import logger, metrics
from mentoring.services.closed_mentors import closing_reason, declining
from mentoring.services.ports import MentorListings, PlaceOffers, Profiles, RequestLists
from mentoring.services.standing import CurrentCode, assess_profile, standing_changes


@dataclass(frozen=True, kw_only=True)
class RegistrationService:
    profiles: Profiles
    listing: MentorListings
    lists: RequestLists
    offers: PlaceOffers
    clock: Clock
    rules: SchemeRules

    def _current_code(self) -> tuple[str, str]:
        """The Code registration asks for (version, url): the last published, or the
        template's first."""
        published = self.profiles.current_code()
        if published is None:
            return self.rules.code_of_practice_version, self.rules.code_of_practice_url
        return published.version, published.url

    def scheme(self) -> SchemeInfo:
        version, url = self._current_code()
        return SchemeInfo(
            code_of_practice_version=version,
            code_of_practice_url=url,
            sessions_limit=self.rules.sessions_limit,
            response_working_days=self.rules.response_working_days,
            eligible_region=ELIGIBLE_REGION,
        )

    def register_mentee(self, caller: Principal, body: MenteeRegistration) -> MenteeProfile:
        require_eligible(body, self._current_code()[0])
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
        require_eligible(body, self._current_code()[0])
        valid_until = add_months(body.training_completed_on, self.rules.training_valid_months)
        today = today_in_london(self.clock)
        if valid_until < today:
            raise Ineligible(details=[TRAINING_EXPIRED.as_detail()])
        now = self.clock.now()
        applied = MentorRecord(
            **body.model_dump(),
            user_id=caller.user_id,
            email=caller.email,
            created_at=now,
            updated_at=now,
            training_valid_until=valid_until,
        )
        code = CurrentCode(applied.code_of_practice_version, None)
        assessment = assess_profile(applied, code, today, self.rules)
        record = MentorRecord.model_validate(
            applied.model_dump(mode="json") | standing_changes(applied, assessment, today, [])
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
        """One's own mentor profile; pausing requests, or lowering capacity to the places
        taken, declines the requests waiting with the same write."""
        changes = body.changes()
        current = self._own_mentor(caller)
        if not changes:
            return MentorProfile.of(current)
        now = self.clock.now()
        reason = closing_reason(current, changes)
        waiting = declining(self.lists, caller.user_id, reason, now) if reason else None
        updated = self.listing.update_mentor(caller.user_id, changes, now, waiting)
        if waiting and waiting.requests:
            logger.info("Waiting requests declined", mentor_id=caller.user_id, reason=reason)
            metrics.add_metric(
                name="MatchRequestAutoDeclined", unit="Count", value=len(waiting.requests)
            )
        if "capacity" in changes or "accepting_requests" in changes:
            # More room, or requests open again: the waiting list comes first.
            self.offers.offer_free_places(caller.user_id, now)
        return MentorProfile.of(updated)

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
