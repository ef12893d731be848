"""A clock that says what the test tells it to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from mentoring.clock import LONDON
from mentoring.domain.working_days import is_working_day


@dataclass
class FixedClock:
    current: datetime

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


def first_run_after(moment: datetime) -> datetime:
    """The schedule's first 08:00 (London) on a working day after `moment`."""
    day = moment.astimezone(LONDON).date() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(8), tzinfo=LONDON).astimezone(UTC)
