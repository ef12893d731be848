"""Working days in England and Wales, counted in Europe/London."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import holidays
import pytest

from mentoring.domain.bank_holidays import ENGLAND_AND_WALES
from mentoring.domain.working_days import (
    add_working_days,
    days_until_next_run,
    end_of_london_day,
    is_working_day,
    start_of_london_day,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 25), True),  # a Wednesday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day substitute (26th is a Saturday)
        (date(2027, 1, 1), False),  # New Year's Day
        (date(2027, 3, 26), False),  # Good Friday 2027
        (date(2027, 3, 29), False),  # Easter Monday 2027
        (date(2027, 5, 3), False),  # Early May bank holiday
        (date(2027, 5, 31), False),  # Spring bank holiday
    ],
)
def test_weekends_and_bank_holidays_are_not_working_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_five_working_days_from_a_wednesday_is_the_next_wednesday() -> None:
    assert add_working_days(date(2026, 11, 25), 5) == date(2026, 12, 2)


def test_christmas_and_new_year_are_skipped() -> None:
    # Wed 23 Dec 2026: 24, 29, 30, 31 Dec, then 4 Jan 2027 (25, 28 Dec and 1 Jan are holidays).
    assert add_working_days(date(2026, 12, 23), 5) == date(2027, 1, 4)


def test_working_days_between_counts_days_after_the_start() -> None:
    assert working_days_between(date(2026, 11, 25), date(2026, 12, 2)) == 5
    assert working_days_between(date(2026, 12, 2), date(2026, 11, 25)) == 0


def test_end_of_day_is_in_london_time() -> None:
    assert end_of_london_day(date(2026, 12, 2)) == datetime(2026, 12, 2, 23, 59, 59, tzinfo=UTC)
    assert end_of_london_day(date(2027, 6, 2)) == datetime(2027, 6, 2, 22, 59, 59, tzinfo=UTC)


def test_zero_working_days_after_a_day_is_that_day() -> None:
    # A ladder step of 0 (a configuration choice) must not stop the schedule.
    assert add_working_days(date(2026, 11, 28), 0) == date(2026, 11, 28)


def test_a_negative_count_is_refused_rather_than_counting_forever() -> None:
    with pytest.raises(ValueError, match=r"^count must not be negative$"):
        add_working_days(date(2026, 11, 25), -1)


def test_the_end_of_a_london_day_is_given_in_utc_whatever_the_machines_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        end = end_of_london_day(date(2027, 6, 2))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert end.tzinfo is UTC
    assert end.isoformat() == "2027-06-02T22:59:59+00:00"


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        (date(2027, 1, 15), "2027-01-15T00:00:00+00:00"),  # GMT
        (date(2027, 6, 15), "2027-06-14T23:00:00+00:00"),  # BST: midnight is 23:00 UTC
        (date(2027, 3, 28), "2027-03-28T00:00:00+00:00"),  # the clocks go forward at 01:00
        (date(2027, 10, 31), "2027-10-30T23:00:00+00:00"),  # still BST at midnight
    ],
)
def test_the_start_of_a_london_day_in_utc(day: date, utc: str) -> None:
    start = start_of_london_day(day)
    assert start.tzinfo is UTC
    assert start.isoformat() == utc


@pytest.mark.parametrize(
    ("run", "first_day", "last_day"),
    [
        # Wednesday's run is the last before Thursday's meetings only.
        (datetime(2026, 11, 25, 8, 0, tzinfo=UTC), date(2026, 11, 26), date(2026, 11, 26)),
        # Friday's run is the last before Saturday, Sunday and Monday.
        (datetime(2026, 11, 27, 8, 0, tzinfo=UTC), date(2026, 11, 28), date(2026, 11, 30)),
        # Christmas Eve (Thursday): nothing runs again until Tuesday 29 December.
        (datetime(2026, 12, 24, 8, 0, tzinfo=UTC), date(2026, 12, 25), date(2026, 12, 29)),
        # 23:30 UTC on a summer Tuesday is already Wednesday in London.
        (datetime(2027, 6, 15, 23, 30, tzinfo=UTC), date(2027, 6, 17), date(2027, 6, 17)),
    ],
)
def test_a_run_reminds_of_the_meetings_until_the_next_run_has_its_turn(
    run: datetime, first_day: date, last_day: date
) -> None:
    start, end = days_until_next_run(run)
    assert start == start_of_london_day(first_day)
    assert end == start_of_london_day(last_day + timedelta(days=1))


@pytest.mark.parametrize("year", sorted(ENGLAND_AND_WALES))
def test_the_kept_bank_holidays_are_the_pinned_librarys(year: int) -> None:
    # After bumping `holidays`, run scripts/bank_holidays.py if this fails.
    kept = {date(year, month, day) for month, day in ENGLAND_AND_WALES[year]}
    assert kept == set(holidays.country_holidays("GB", subdiv="ENG", years=year))


def test_years_outside_the_kept_table_ask_the_library() -> None:
    assert 2050 not in ENGLAND_AND_WALES
    assert not is_working_day(date(2050, 12, 26))  # Boxing Day, a Monday
    assert is_working_day(date(2050, 12, 28))
