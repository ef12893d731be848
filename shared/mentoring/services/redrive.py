"""The schedule's step that puts each notification that could not be sent (parked after the
stream's retries, or abandoned by a sender that stopped) back on the stream, at every run
until it is sent: a short outage of the email service costs a day, not an email. What is still
parked, and how long the oldest has waited, are metrics; an alarm rings when one has waited
more than a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from mentoring.clock import Clock
from mentoring.observability import logger, metrics
from mentoring.services.ports import Parked, ParkedNotifications
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
        leases_ended_by = self.clock.now()
        found = list(self.parked.unsent_before(now - REDRIVE_AFTER, leases_ended_by))
        redriven: list[str] = []

        def redrive(parked: Parked) -> None:
            if self.parked.redrive(parked.notice_id, now, leases_ended_by):
                redriven.append(parked.notice_id)

        for parked in found:
            each("notification", parked.notice_id, partial(redrive, parked))
        oldest = min((parked.written_at for parked in found), default=now)
        metrics.add_metric(name="NotificationsParked", unit="Count", value=len(found))
        metrics.add_metric(
            name="OldestParkedNotificationAge",
            unit="Seconds",
            value=max(0.0, (now - oldest).total_seconds()),
        )
        if redriven:
            logger.warning("Parked notifications put back on the stream", count=len(redriven))
            metrics.add_metric(name="NotificationsRedriven", unit="Count", value=len(redriven))
