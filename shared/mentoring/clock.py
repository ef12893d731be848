"""The current time, injected so that rules about dates can be tested at any moment."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def today_in_london(clock: Clock) -> date:
    return clock.now().astimezone(LONDON).date()


def to_utc_text(moment: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, to the second: the contract's timestamp format."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
