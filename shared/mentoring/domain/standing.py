"""A person's standing with the scheme: good, due (something to put right soon) or lapsed.

The scheme's mentors "have undertaken peer mentoring training and have agreed to act in
accordance with the ... Code of Practice. This includes engaging in supervision sessions";
mentees agree to the Code too. From what is stored of a person (the Code they agreed, their
training's `valid_until`, their supervision's `due_by`) and a London day, `assess` says where
they stand, why, and the next day that could change it (the schedule's index).

- lapsed: training past `valid_until`; the current Code not agreed by its `agree_by`;
- due: training lapsing within the notice days; supervision past `due_by`; a new Code
  awaiting agreement within its grace days. Supervision alone never lapses anyone.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Standing(StrEnum):
    GOOD = "good"
    DUE = "due"
    LAPSED = "lapsed"


class ReasonCode(StrEnum):
    CODE_NOT_AGREED = "code_of_practice_not_agreed"
    TRAINING_DUE = "training_due"
    TRAINING_LAPSED = "training_lapsed"
    SUPERVISION_DUE = "supervision_due"


@dataclass(frozen=True)
class Periods:
    """The template's periods: `TrainingValidMonths`, `SupervisionIntervalMonths`,
    `CodeOfPracticeGraceDays`, `StandingNoticeDays`."""

    training_valid_months: int
    supervision_interval_months: int
    code_grace_days: int
    notice_days: int


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    by: date

    @property
    def key(self) -> str:
        """What a notice about it is remembered by: each reason is told once."""
        return f"{self.code.value}#{self.by.isoformat()}"


@dataclass(frozen=True)
class Facts:
    """What is stored of a person that their standing depends on."""

    code_agreed: bool  # the current Code
    agree_by: date | None  # the current Code's last day for agreeing, if it was published
    training_valid_until: date | None = None  # mentors only
    supervision_due_by: date | None = None  # approved mentors only


@dataclass(frozen=True)
class Assessment:
    standing: Standing
    reasons: tuple[Reason, ...]
    next_check: date | None  # the first later day this could change, if any


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day where it has none
    (31 August + 6 months = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def assess(facts: Facts, today: date, periods: Periods) -> Assessment:
    lapsed: list[Reason] = []
    due: list[Reason] = []
    changes: list[date] = []  # days on which the answer could change
    if not facts.code_agreed and facts.agree_by is not None:
        reason = Reason(ReasonCode.CODE_NOT_AGREED, facts.agree_by)
        (lapsed if today > facts.agree_by else due).append(reason)
        changes.append(facts.agree_by + timedelta(days=1))
    if facts.training_valid_until is not None:
        valid_until = facts.training_valid_until
        warn_from = valid_until - timedelta(days=periods.notice_days)
        if today > valid_until:
            lapsed.append(Reason(ReasonCode.TRAINING_LAPSED, valid_until))
        elif today >= warn_from:
            due.append(Reason(ReasonCode.TRAINING_DUE, valid_until))
        changes += [warn_from, valid_until + timedelta(days=1)]
    if facts.supervision_due_by is not None:
        if today > facts.supervision_due_by:
            due.append(Reason(ReasonCode.SUPERVISION_DUE, facts.supervision_due_by))
        changes.append(facts.supervision_due_by + timedelta(days=1))
    standing = Standing.LAPSED if lapsed else Standing.DUE if due else Standing.GOOD
    later = [day for day in changes if day > today]
    return Assessment(standing, tuple(lapsed + due), min(later, default=None))
