"""The schedule's step that puts each notification that could not be sent (parked after the
stream's retries) back on the stream: a short outage of the email service costs a day, not
an email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from mentoring.clock import Clock
from mentoring.observability import logger, metrics
from mentoring.services.ports import ParkedNotifications
from mentoring.services.schedule import RunSummary, each

# Parked notifications older than this (long past the stream's own retries) are tried again.
REDRIVE_AFTER = timedelta(hours=1)


@dataclass(frozen=True, kw_only=True)
class ParkedEmails:
    parked: ParkedNotifications
    # The wall clock, for claims' leases only: a run's `now` is the schedule's (replayable)
    # time, and a claim taken a moment ago must not look abandoned to a replayed run.
    clock: Clock

    def run(self, now: datetime, summary: RunSummary) -> None:
        redriven: list[str] = []
        leases_ended_by = self.clock.now()

        def redrive(notice_id: str) -> None:
            if self.parked.redrive(notice_id, now, leases_ended_by):
                redriven.append(notice_id)

        for notice_id in self.parked.unsent_before(now - REDRIVE_AFTER, leases_ended_by):
            each("notification", notice_id, partial(redrive, notice_id))
        if redriven:
            logger.warning("Parked notifications put back on the stream", count=len(redriven))
            metrics.add_metric(name="NotificationsRedriven", unit="Count", value=len(redriven))
