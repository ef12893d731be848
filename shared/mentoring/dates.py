"""Dates and times as a person in the UK reads them: "Wednesday 2 December 2026", "11:59pm"."""

from __future__ import annotations

from datetime import date, datetime

from mentoring.clock import LONDON


def uk_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def uk_time(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def uk_deadline(moment: datetime) -> str:
    """ "11:59pm on Wednesday 2 December 2026" (London time, whatever the season)."""
    local = moment.astimezone(LONDON)
    return f"{uk_time(local)} on {uk_date(local.date())}"
