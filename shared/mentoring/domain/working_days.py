"""Working days: Monday to Friday in Europe/London, less England and Wales bank holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from mentoring.clock import LONDON
from mentoring.domain.bank_holidays import ENGLAND_AND_WALES

_END_OF_DAY = time(23, 59, 59)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share one list, substitute days included. The years the scheme runs
    # are kept in mentoring.domain.bank_holidays (the library loads hundreds of modules); others
    # ask the library.
    if year in ENGLAND_AND_WALES:
        return frozenset(date(year, month, day) for month, day in ENGLAND_AND_WALES[year])
    import holidays  # noqa: PLC0415 - only for years outside the kept table

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (`start` itself never counts)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def end_of_london_day(day: date) -> datetime:
    """23:59:59 on `day` in Europe/London, as a UTC instant (BST or GMT as it falls)."""
    return datetime.combine(day, _END_OF_DAY, tzinfo=LONDON).astimezone(UTC)


def deadline_after(moment: datetime, working_days: int) -> datetime:
    """The end (23:59:59 London) of the n-th working day after `moment`'s day in London.

    A request's `respond_by` (five working days after the day it was made), and each step of
    the reminder ladder (n working days after the deadline's own day), are both this.
    """
    return end_of_london_day(add_working_days(moment.astimezone(LONDON).date(), working_days))


def start_of_london_day(day: date) -> datetime:
    """00:00 on `day` in Europe/London, as a UTC instant."""
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def days_until_next_run(moment: datetime) -> tuple[datetime, datetime]:
    """From the start of the day after `moment`'s London day to the start of the day after the
    next working day: the meetings a run at `moment` is the last run before."""
    today = moment.astimezone(LONDON).date()
    next_run = add_working_days(today, 1)
    return (
        start_of_london_day(today + timedelta(days=1)),
        start_of_london_day(next_run + timedelta(days=1)),
    )
