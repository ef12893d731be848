"""Mentors in good standing, and everyone agreeing to the Code of Practice.

Every write that changes what a person's standing depends on (an application, an approval, a
training or supervision record, an agreement, a new Code) assesses it again
(mentoring.domain.standing) and stores it with that write; a mentor's directory entries follow
it. A write never sends the standing's emails: it puts the person on the schedule's list for
today when they have a reason not yet told, and the daily schedule (`StandingChecks`) tells
each reason once, and each lapse once (the administrator too, for a mentor).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from mentoring.clock import LONDON, Clock
from mentoring.config import SchemeRules
from mentoring.domain.records import (
    Attendance,
    CodeOfPracticeRecord,
    MenteeRecord,
    MentorRecord,
    MentorStatus,
    ProfileRecord,
    TrainingRecord,
)
from mentoring.domain.standing import (
    Assessment,
    Facts,
    Periods,
    Reason,
    ReasonCode,
    Standing,
    add_months,
    assess,
)
from mentoring.mail.kinds.standing import standing_due, standing_lapsed
from mentoring.mail.notices import Notice
from mentoring.observability import logger
from mentoring.services.ports import StandingChanged
from mentoring.services.schedule import RunSummary, each

REASON_MESSAGES = {
    ReasonCode.CODE_NOT_AGREED: "Agree to the current Ethical Framework and Code of Practice.",
    ReasonCode.TRAINING_DUE: "Your peer mentoring training is due to be renewed.",
    ReasonCode.TRAINING_LAPSED: "Your peer mentoring training has lapsed: please renew it.",
    ReasonCode.SUPERVISION_DUE: "Please attend a supervision session.",
}
MENTEE, MENTOR = "MENTEE", "MENTOR"
_ATTEMPTS = 3
# A change to a mentor's profile: the fields to set (None removes), notices, records with it.
Change = tuple[dict[str, Any], Sequence[Notice], Sequence[TrainingRecord | Attendance]]


@dataclass(frozen=True)
class CurrentCode:
    """The Code everyone is asked to have agreed: the last published, or the template's."""

    version: str
    agree_by: date | None

    @classmethod
    def of(cls, published: CodeOfPracticeRecord | None, first_version: str) -> CurrentCode:
        if published is None:
            return cls(first_version, None)
        return cls(published.version, published.agree_by)


def periods_of(rules: SchemeRules) -> Periods:
    """The template's periods, as the standing rules take them."""
    return Periods(
        training_valid_months=rules.training_valid_months,
        supervision_interval_months=rules.supervision_interval_months,
        code_grace_days=rules.code_of_practice_grace_days,
        notice_days=rules.standing_notice_days,
    )


def supervision_due_by(mentor: MentorRecord, rules: SchemeRules) -> date | None:
    """Approved mentors attend supervision every interval, counted from the last they attended
    (or from their approval)."""
    if mentor.status is not MentorStatus.APPROVED or mentor.approved_at is None:
        return None
    since = mentor.supervision_last_attended_on or mentor.approved_at.date()
    return add_months(since, rules.supervision_interval_months)


def assess_profile(
    person: ProfileRecord, code: CurrentCode, today: date, rules: SchemeRules
) -> Assessment:
    facts = Facts(
        code_agreed=person.code_of_practice_version == code.version,
        agree_by=code.agree_by,
    )
    if isinstance(person, MentorRecord):
        facts = Facts(
            code_agreed=facts.code_agreed,
            agree_by=facts.agree_by,
            training_valid_until=person.training_valid_until,
            supervision_due_by=supervision_due_by(person, rules),
        )
    return assess(facts, today, periods_of(rules))


def untold(assessment: Assessment, notified: Sequence[str]) -> tuple[Reason, ...]:
    return tuple(reason for reason in assessment.reasons if reason.key not in notified)


def lapse_key(reason: Reason) -> str:
    return f"lapsed#{reason.key}"


def standing_changes(
    person: ProfileRecord,
    assessment: Assessment,
    today: date,
    notified: Sequence[str],
) -> dict[str, Any]:
    """The profile's fields for an assessment: a person with a reason not yet told is checked
    again today (the schedule tells them), else on the next day it could change."""
    check = today if untold(assessment, notified) else assessment.next_check
    fields: dict[str, Any] = {
        "standing": assessment.standing.value,
        "standing_reasons": [
            {"code": reason.code.value, "by": reason.by.isoformat()}
            for reason in assessment.reasons
        ],
        "standing_notified": sorted(notified),
        "standing_check": check.isoformat() if check else None,
    }
    return fields


@dataclass(frozen=True)
class Also:
    """What a standing write carries besides: records written with it, notices (having told
    these reasons), and the Code to assess against (else the current one)."""

    records: Sequence[TrainingRecord | Attendance] = ()
    notices: Sequence[Notice] = ()
    told: Sequence[str] = ()
    code: CurrentCode | None = None


@dataclass(frozen=True, kw_only=True)
class Restanding:
    """Assesses a person again and writes it, with what they are owed (by the schedule)."""

    store: Any  # mentoring.data.standing.StandingStore and the listing (ports.Standings)
    clock: Clock
    rules: SchemeRules

    def code(self) -> CurrentCode:
        return CurrentCode.of(self.store.current_code(), self.rules.code_of_practice_version)

    def mentor_change(
        self,
        extra: dict[str, Any] | Callable[[MentorRecord], dict[str, Any]],
        now: datetime,
        *,
        tell: bool = False,
        also: Also | None = None,
    ) -> Callable[[MentorRecord], Change]:
        """The change `extra` (or `extra` of the profile as read) makes to a mentor, with
        their standing decided on their profile as read; `tell`: the schedule, which also
        sends what is owed."""
        also = also or Also()
        current_code = also.code or self.code()
        today = london_day(now)

        def change(current: MentorRecord) -> Change:
            fields = extra(current) if callable(extra) else extra
            after = MentorRecord.model_validate(current.model_dump(mode="json") | fields)
            assessment = assess_profile(after, current_code, today, self.rules)
            # Told already (a run at the same moment got there first): not told again.
            told_before = bool(also.told) and set(also.told) <= set(current.standing_notified)
            already = [*current.standing_notified, *also.told]
            owed, notified = self._owed(after, assessment, already, tell, now)
            standing = standing_changes(after, assessment, today, notified)
            notices = [] if told_before else list(also.notices)
            return fields | standing, [*owed, *notices], also.records

        return change

    def _owed(
        self,
        person: ProfileRecord,
        assessment: Assessment,
        notified: Sequence[str],
        tell: bool,
        now: datetime,
    ) -> tuple[list[Notice], list[str]]:
        """The notices a person is owed now (only when `tell`), and what they will have been
        told. Reasons put right are forgotten, so a new lapse later is told again."""
        current = {reason.key for reason in assessment.reasons}
        kept = [key for key in notified if key.removeprefix("lapsed#") in current]
        if not tell:
            return [], kept
        notices: list[Notice] = []
        as_mentor = isinstance(person, MentorRecord)
        lapsed = [
            r
            for r in assessment.reasons
            if r.code in (ReasonCode.TRAINING_LAPSED, ReasonCode.CODE_NOT_AGREED)
            and assessment.standing is Standing.LAPSED
            and lapse_key(r) not in kept
        ]
        fresh_due = [r for r in untold(assessment, kept) if r not in lapsed]
        if lapsed:
            notices += standing_lapsed(person, assessment.reasons, as_mentor, now)
        elif fresh_due:
            notices += standing_due(person, tuple(fresh_due), now)
        told = {r.key for r in assessment.reasons} | {lapse_key(r) for r in lapsed}
        return notices, sorted(set(kept) | told)

    def mentee(
        self,
        current: MenteeRecord,
        extra: dict[str, Any],
        now: datetime,
        *,
        tell: bool = False,
        also: Also | None = None,
    ) -> list[Notice]:
        also = also or Also()
        today = london_day(now)
        after = MenteeRecord.model_validate(current.model_dump(mode="json") | extra)
        assessment = assess_profile(after, also.code or self.code(), today, self.rules)
        told_before = bool(also.told) and set(also.told) <= set(current.standing_notified)
        already = [*current.standing_notified, *also.told]
        owed, notified = self._owed(after, assessment, already, tell, now)
        fields = standing_changes(after, assessment, today, notified)
        notices = [] if told_before else list(also.notices)
        self.store.restand_mentee(current, extra | fields, now, [*owed, *notices])
        return owed


@dataclass(frozen=True, kw_only=True)
class StandingChecks:
    """The schedule's step: everyone whose standing could have changed by today (an index by
    that day, never a scan) is assessed again; each reason is told once, each lapse once."""

    restanding: Restanding
    profiles: Any  # ports.ProfileReader
    listing: Any  # ports.MentorListings

    def run(self, now: datetime, summary: RunSummary) -> None:
        for user_id, role in list(self.restanding.store.due_for_check(london_day(now))):
            each("standing", user_id, partial(self._check, user_id, role, now, summary))

    def _check(self, user_id: str, role: str, now: datetime, summary: RunSummary) -> None:
        if role == MENTOR:
            if self.profiles.mentor(user_id) is None:
                return
            change = self.restanding.mentor_change({}, now, tell=True)
            written: list[Change] = []

            def recorded(current: MentorRecord) -> Change:
                # The last change decided is the one written (an earlier one lost a race).
                written[:] = [change(current)]
                return written[0]

            self.listing.restand(user_id, recorded, now)
            told = list(written[0][1]) if written else []
        else:
            told = self._check_mentee(user_id, now)
        self._count(user_id, told, summary)

    def _check_mentee(self, user_id: str, now: datetime) -> list[Notice]:
        for _ in range(_ATTEMPTS):
            mentee = self.profiles.mentee(user_id)
            if mentee is None:
                return []
            try:
                return self.restanding.mentee(mentee, {}, now, tell=True)
            except StandingChanged:
                continue  # another run (or the person) wrote a moment ago: read it again
        raise StandingChanged()

    @staticmethod
    def _count(user_id: str, told: list[Notice], summary: RunSummary) -> None:
        """What this run itself wrote: a lapse, or notice of something due."""
        if any(notice.kind == "standing_lapsed" for notice in told):
            summary.standing_lapsed += 1
            logger.info("Standing lapsed", user_id=user_id)
        elif told:
            summary.standing_notices += 1


def london_day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()
