"""What moves a person's standing, as routes: their own view and agreement to the Code; the
administrator's training and supervision records and a new Code (announced to everyone).

Each write assesses the person again and stores their standing with it
(mentoring.services.standing); a mentor's directory entries follow in the same write.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mentoring.clock import Clock, today_in_london
from mentoring.config import SchemeRules
from mentoring.domain.principal import Principal
from mentoring.domain.records import (
    Attendance,
    CodeOfPracticeRecord,
    MenteeRecord,
    MentorRecord,
    SupervisionRecord,
    TrainingRecord,
)
from mentoring.domain.standing import Reason, ReasonCode, add_months
from mentoring.domain.standing_views import (
    CodeAgreement,
    CodeOfPracticeStanding,
    CodeOfPracticeView,
    CodePublication,
    ReasonView,
    StandingView,
    SupervisionCreate,
    SupervisionStanding,
    SupervisionView,
    TrainingCreate,
    TrainingStanding,
    TrainingView,
)
from mentoring.errors import (
    NoSuchMentor,
    NotCurrentVersion,
    NotRegistered,
    ServiceUnavailable,
    ValidationFailed,
)
from mentoring.mail.kinds.standing import code_published
from mentoring.observability import logger, metrics
from mentoring.services.ports import StandingChanged
from mentoring.services.schedule import RunSummary
from mentoring.services.standing import (
    MENTEE,
    MENTOR,
    REASON_MESSAGES,
    Also,
    CurrentCode,
    Restanding,
    supervision_due_by,
)

# Courses that renew a mentor's training (an "other" course is recorded, and renews nothing).
RENEWING = frozenset({"peer_mentoring", "refresher"})
_ATTEMPTS = 3
# An announcement's page: small enough that a page always fits the time left; its people are
# written this many at once.
_PAGE = 100
_AT_ONCE = 64


@dataclass(frozen=True, kw_only=True)
class StandingService:
    restanding: Restanding
    profiles: Any  # ports.ProfileReader
    listing: Any  # ports.MentorListings
    clock: Clock
    rules: SchemeRules

    # ---- a person's own ----------------------------------------------------------------

    def me(self, caller: Principal) -> StandingView:
        mentee, mentor = self.profiles.profiles(caller.user_id)
        person = mentor or mentee
        if person is None:
            raise NotRegistered()
        return self._view(person, self.restanding.code())

    def agree(self, caller: Principal, body: CodeAgreement) -> StandingView:
        code = self.restanding.code()
        if body.version != code.version:
            raise NotCurrentVersion()
        mentee, mentor = self.profiles.profiles(caller.user_id)
        if mentee is None and mentor is None:
            raise NotRegistered()
        now = self.clock.now()
        agreed = {"code_of_practice_version": code.version}
        if mentor is not None:
            change = self.restanding.mentor_change(agreed, now, also=Also(code=code))
            self.listing.restand(caller.user_id, change, now)
        if mentee is not None:
            self._restand_mentee(caller.user_id, agreed, now)
        logger.info("Code of Practice agreed", user_id=caller.user_id, version=code.version)
        return self.me(caller)

    def _restand_mentee(self, user_id: str, extra: dict[str, Any], now: datetime) -> None:
        for _ in range(_ATTEMPTS):
            mentee = self.profiles.mentee(user_id)
            if mentee is None:
                return
            try:
                self.restanding.mentee(mentee, extra, now)
            except StandingChanged:
                continue
            return
        raise ServiceUnavailable()

    def _view(self, person: MenteeRecord | MentorRecord, code: CurrentCode) -> StandingView:
        training = supervision = None
        if isinstance(person, MentorRecord):
            training = TrainingStanding(
                completed_on=person.training_completed_on,
                valid_until=person.training_valid_until,
            )
            supervision = SupervisionStanding(
                last_attended_on=person.supervision_last_attended_on,
                due_by=supervision_due_by(person, self.rules),
            )
        agreed = person.code_of_practice_version == code.version
        return StandingView(
            standing=person.standing,
            reasons=[
                ReasonView(code=r.code, message=REASON_MESSAGES[r.code], by=r.by)
                for r in person.standing_reasons
            ],
            code_of_practice=CodeOfPracticeStanding(
                agreed_version=person.code_of_practice_version,
                current_version=code.version,
                agree_by=None if agreed else code.agree_by,
            ),
            training=training,
            supervision=supervision,
        )

    # ---- the administrator -------------------------------------------------------------

    def record_training(
        self, caller: Principal, mentor_id: str, body: TrainingCreate
    ) -> TrainingView:
        caller.require_admin()
        _not_in_future(body.completed_on, self.clock, "completed_on")
        if self.profiles.mentor(mentor_id) is None:
            raise NoSuchMentor()
        now = self.clock.now()
        record = TrainingRecord(
            training_id=str(uuid.uuid4()),
            mentor_id=mentor_id,
            course=body.course,
            completed_on=body.completed_on,
            recorded_at=now,
        )

        def renewal(current: MentorRecord) -> dict[str, Any]:
            if body.course not in RENEWING or body.completed_on < current.training_completed_on:
                return {}
            return {
                "training_completed_on": body.completed_on.isoformat(),
                "training_valid_until": add_months(
                    body.completed_on, self.rules.training_valid_months
                ).isoformat(),
            }

        change = self.restanding.mentor_change(renewal, now, also=Also(records=[record]))
        self.listing.restand(mentor_id, change, now)
        logger.info("Training recorded", mentor_id=mentor_id, course=body.course)
        return TrainingView.of(record)

    def record_supervision(self, caller: Principal, body: SupervisionCreate) -> SupervisionView:
        caller.require_admin()
        _not_in_future(body.held_on, self.clock, "held_on")
        attendees = list(dict.fromkeys(body.attendees))
        unknown = [user_id for user_id in attendees if self.profiles.mentor(user_id) is None]
        if unknown:
            raise ValidationFailed(
                details=[
                    {
                        "field": "attendees",
                        "location": "body",
                        "code": "not_a_mentor",
                        "message": f"{user_id} is not a mentor.",
                    }
                    for user_id in unknown
                ]
            )
        now = self.clock.now()
        record = SupervisionRecord(
            supervision_id=str(uuid.uuid4()),
            held_on=body.held_on,
            attendees=attendees,
            recorded_at=now,
        )
        self.restanding.store.record_session(record)

        def attended(current: MentorRecord) -> dict[str, Any]:
            last = current.supervision_last_attended_on
            if last is not None and last >= body.held_on:
                return {}
            return {"supervision_last_attended_on": body.held_on.isoformat()}

        for mentor_id in attendees:
            change = self.restanding.mentor_change(
                attended, now, also=Also(records=[Attendance(record, mentor_id)])
            )
            self.listing.restand(mentor_id, change, now)
        logger.info("Supervision recorded", count=len(attendees))
        return SupervisionView.of(record)

    # ---- a new Code of Practice --------------------------------------------------------

    def publish(
        self, caller: Principal, body: CodePublication, time_left: Callable[[], float]
    ) -> CodeOfPracticeView:
        """The new current Code, then its announcement to everyone registered, for as long as
        the call has time; the daily schedule finishes what is left."""
        caller.require_admin()
        now = self.clock.now()
        code = CodeOfPracticeRecord(
            version=body.version,
            url=body.url,
            summary=body.summary,
            published_at=now,
            agree_by=today_in_london(self.clock)
            + timedelta(days=self.rules.code_of_practice_grace_days),
        )
        self.restanding.store.publish(code, self.rules.code_of_practice_version)
        logger.info("Code of Practice published", version=code.version)
        metrics.add_metric(name="CodeOfPracticePublished", unit="Count", value=1)
        self.announce(code, now, time_left)
        return CodeOfPracticeView.of(code)

    def announce(
        self, code: CodeOfPracticeRecord, now: datetime, time_left: Callable[[], float]
    ) -> bool:
        """Each registered mentee and mentor is assessed against the new Code and emailed
        once (a notification whose id is theirs for this version: written again, it is the
        same one). Stops when time runs short; True when everyone has been reached."""
        store = self.restanding.store
        current = CurrentCode(code.version, code.agree_by)
        for role in (MENTOR, MENTEE):
            position = store.announcement_position(code.version, role)
            while position is not False:
                if time_left() < _SAFETY_SECONDS:
                    return False
                people, after = store.registered(role, position, _PAGE)
                # A page's people at once: each write is its own, so none waits on another.
                with ThreadPoolExecutor(max_workers=_AT_ONCE) as pool:
                    list(
                        pool.map(
                            lambda person: self._announce_to(person, code, current, now),
                            people,
                        )
                    )
                position = after if after is not None else False
                store.save_announcement_position(code.version, role, position)
        return True

    def _announce_to(
        self,
        person: MenteeRecord | MentorRecord,
        code: CodeOfPracticeRecord,
        current: CurrentCode,
        now: datetime,
    ) -> None:
        """One person, as the page had them: told once (their notification's id is theirs for
        this version, and the reason is marked told on their profile)."""
        user_id = person.user_id
        notice_id = hashlib.sha256(f"{code.version}#{user_id}".encode()).hexdigest()[:32]
        code_key = Reason(ReasonCode.CODE_NOT_AGREED, code.agree_by).key
        if code_key in person.standing_notified:
            return  # announced to them already
        try:
            if isinstance(person, MentorRecord):
                told = code_published(person, code, now, notice_id)
                change = self.restanding.mentor_change(
                    {}, now, also=Also(notices=told, told=[code_key], code=current)
                )
                self.listing.restand(user_id, change, now)
                return
            # One email a person: someone both mentee and mentor heard as a mentor.
            as_mentor = self.profiles.mentor(user_id) is not None
            told = [] if as_mentor else code_published(person, code, now, notice_id)
            also = Also(notices=told, told=[code_key], code=current)
            try:
                self.restanding.mentee(person, {}, now, also=also)
            except StandingChanged:  # the page's copy was a moment behind: read it again
                fresh = self.profiles.mentee(user_id)
                if fresh is not None and code_key not in fresh.standing_notified:
                    self.restanding.mentee(fresh, {}, now, also=also)
        except Exception as error:
            # One person's failure never stops the announcement: the schedule's checks
            # reach them, and their notification (by its id) is never written twice.
            logger.warning(
                "Announcement to one person failed", user_id=user_id, error=type(error).__name__
            )


_SAFETY_SECONDS = 5.0


def _not_in_future(day: Any, clock: Clock, field: str) -> None:
    if day > today_in_london(clock):
        raise ValidationFailed.on(field, "date_in_future", "The date cannot be in the future.")


@dataclass(frozen=True, kw_only=True)
class Announcements:
    """The schedule's step: a new Code's announcement that its publishing call had no time to
    finish goes on from where it stopped (each person reached once)."""

    standing: StandingService
    store: Any  # mentoring.data.standing.StandingStore

    def run(self, now: datetime, summary: RunSummary) -> None:
        code = self.store.unannounced()
        if code is None:
            return
        started = time.monotonic()
        finished = self.standing.announce(
            code, now, lambda: _RUN_BUDGET_SECONDS - (time.monotonic() - started)
        )
        logger.info("Code of Practice announcement", version=code.version, finished=finished)


# The reminders function may run five minutes: the announcement takes at most four of them.
_RUN_BUDGET_SECONDS = 240.0
