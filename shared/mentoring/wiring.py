"""Building the matching collaborators from settings: one place, used by every function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from mentoring.action_secret import action_tokens_from_secret
from mentoring.action_tokens import ActionTokens
from mentoring.clock import Clock, SystemClock
from mentoring.config import Settings
from mentoring.mailer import Mailer, SesMailer
from mentoring.matching_repository import MatchingRepository
from mentoring.services.matching import MatchingService, Notifier
from mentoring.services.reminders import ReminderJob


@dataclass
class Matching:
    repository: MatchingRepository
    notifier: Notifier
    service: MatchingService


def build_matching(
    settings: Settings,
    clock: Clock | None = None,
    mailer: Mailer | None = None,
    repository: MatchingRepository | None = None,
    tokens: Callable[[], ActionTokens] | None = None,
) -> Matching:
    repository = repository or MatchingRepository(settings.table_name)

    @lru_cache(maxsize=1)
    def secret_tokens() -> ActionTokens:
        # Read on first use, not at import: cold starts stay short for every other route.
        return action_tokens_from_secret(settings.action_secret_arn)

    notifier = Notifier(
        repository=repository,
        mailer=mailer or SesMailer(settings.sender_email),
        tokens=tokens or secret_tokens,
        settings=settings,
    )
    service = MatchingService(
        repository=repository, clock=clock or SystemClock(), settings=settings, notifier=notifier
    )
    return Matching(repository=repository, notifier=notifier, service=service)


def build_reminder_job(matching: Matching, settings: Settings) -> ReminderJob:
    return ReminderJob(
        repository=matching.repository,
        notifier=matching.notifier,
        matching=matching.service,
        public_api_url=settings.public_api_url,
        admin_email=settings.admin_email,
        escalate_after=settings.escalate_after_working_days,
        expire_after=settings.expire_after_working_days,
        nudge_after_days=settings.nudge_after_days,
    )
