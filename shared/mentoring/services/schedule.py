"""The daily schedule (functions/reminders): each working-day morning it runs its steps, each
finding what falls due through an index ordered by due date, never a scan.

The run's "now" is the schedule's time, so a replay is deterministic; every notice is written
with the claim that takes its step (the outbox), so running twice, or twice at once, sends
nothing twice. Each item is taken on its own: one that fails is logged by id, counted and left
for the next run, and never stops the rest. The steps live with their area: the request
ladder (mentoring.services.ladder), the follow-ups of matches under way
(mentoring.services.follow_ups), waiting-list offers (mentoring.services.waiting_lists), and
putting parked emails back (mentoring.services.redrive).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Protocol

from mentoring.clock import LONDON
from mentoring.domain.working_days import is_working_day
from mentoring.observability import logger, metrics


@dataclass
class RunSummary:
    """What one run did, by step: the reminders function's answer."""

    reminded: int = 0
    escalated: int = 0
    expired: int = 0
    nudged: int = 0
    evaluation_reminders: int = 0
    meeting_reminders: int = 0
    offers_lapsed: int = 0
    standing_notices: int = 0
    standing_lapsed: int = 0
    # Not a count: the run found a weekend or bank holiday, and did nothing.
    skipped_holiday: bool = field(default=False, repr=False)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "skipped_holiday"}


class ScheduledStep(Protocol):
    def run(self, now: datetime, summary: RunSummary) -> None:
        """Take every item due by `now`, counting what was done in `summary`."""
        ...


def each(kind: str, item_id: str, step: Callable[[], None]) -> None:
    """One item's step, on its own: a failure is logged (its type only: an exception's text may
    quote stored data) and counted, and the run goes on."""
    try:
        step()
    except Exception as error:
        logger.error(
            "Scheduled step failed",
            item_kind=kind,
            item_id=item_id,
            error_type=type(error).__name__,
        )
        metrics.add_metric(name="ScheduledStepFailed", unit="Count", value=1)


@dataclass(frozen=True, kw_only=True)
class ReminderJob:
    steps: Sequence[ScheduledStep]

    def run(self, now: datetime) -> RunSummary:
        summary = RunSummary()
        if not is_working_day(now.astimezone(LONDON).date()):
            # The schedule fires Monday to Friday; bank holidays are not working days either.
            logger.info("Not a working day: nothing to do")
            summary.skipped_holiday = True
            return summary
        for step in self.steps:
            step.run(now, summary)
        logger.info("Reminder run finished", extra={"summary": summary.as_dict()})
        for name, value in summary.as_dict().items():
            metrics.add_metric(name=f"Reminders_{name}", unit="Count", value=value)
        return summary
