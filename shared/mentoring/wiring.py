"""The composition root: every service, built from a function's configuration.

A function builds one `Services` at cold start and uses the parts it needs (each is built on
first use, and its modules imported only then, so a function's cold start pays only for
what it serves); its storage is `stores` (mentoring.data.stores). Tests build the same
`Services` with a fixed clock, a recording mailer, a moto client and a known secret. Only the
notifications function sends email (`deliveries`); the others write notices.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mentoring.clock import Clock, SystemClock
from mentoring.config import FunctionConfig, NotificationsConfig
from mentoring.data.link_secret import read_secret
from mentoring.data.stores import Stores
from mentoring.domain.records import MENTOR_UNAVAILABLE
from mentoring.services.ports import Identity

if TYPE_CHECKING:
    from mentoring.domain.action_links import ActionTokens
    from mentoring.services.answers import AnswerService
    from mentoring.services.deliveries import Deliveries
    from mentoring.services.directory import DirectoryService
    from mentoring.services.evaluation import EvaluationService
    from mentoring.services.matches import MatchService
    from mentoring.services.meetings import MeetingService
    from mentoring.services.ports import Mailer
    from mentoring.services.privacy import PrivacyService
    from mentoring.services.registration import RegistrationService
    from mentoring.services.reminders import ReminderJob
    from mentoring.services.reports import ReportService
    from mentoring.services.requests import RequestService
    from mentoring.services.sessions import SessionService


class Services:
    def __init__(
        self,
        config: FunctionConfig,
        *,
        clock: Clock | None = None,
        mailer: Mailer | None = None,
        dynamodb: Any | None = None,
        secret: Callable[[], bytes] | None = None,
        identity: Identity | None = None,
    ):
        self.config = config
        self.rules = config.rules
        self.clock = clock or SystemClock()
        self._mailer = mailer
        # Read from Secrets Manager only when a link is signed or a cursor sealed.
        self.secret = secret or (lambda: read_secret(config.secret_arn))
        self._identity = identity
        self.stores = Stores(config.table_name, self.secret, dynamodb)

    def tokens(self) -> ActionTokens:
        from mentoring.domain.action_links import ActionTokens

        return ActionTokens(self.secret())

    @cached_property
    def deliveries(self) -> Deliveries:
        """Sending email: only with the notifications function's configuration."""
        from mentoring.mail.compose import Context
        from mentoring.mail.mailer import SesMailer
        from mentoring.services.deliveries import Deliveries, answer_links

        config = self.config
        if not isinstance(config, NotificationsConfig):
            raise TypeError("only the notifications function sends email")
        context = Context(
            rules=self.rules,
            admin_email=config.admin_email,
            links=lambda request_id, respond_by: answer_links(
                self.tokens(), self.rules, config.public_api_url, request_id, respond_by
            ),
        )
        return Deliveries(
            self.stores.notifications,
            self._mailer or SesMailer(config.sender_email, reply_to=config.admin_email),
            context,
            self.clock,
        )

    @cached_property
    def registration(self) -> RegistrationService:
        from mentoring.services.registration import RegistrationService

        return RegistrationService(
            self.stores.profiles,
            self.stores.mentor_listing,
            self.clock,
            self.rules,
            # A suspended mentor leaves no mentee waiting on them.
            on_mentor_suspended=lambda mentor_id: self.answers.decline_waiting(
                mentor_id, MENTOR_UNAVAILABLE
            ),
        )

    @cached_property
    def directory(self) -> DirectoryService:
        from mentoring.services.directory import DirectoryService

        return DirectoryService(self.stores.profiles)

    @cached_property
    def requests(self) -> RequestService:
        from mentoring.services.requests import RequestService

        return RequestService(
            self.stores.requests,
            self.stores.request_lists,
            self.stores.profiles,
            self.clock,
            self.rules,
        )

    @cached_property
    def answers(self) -> AnswerService:
        from mentoring.services.answers import AnswerService

        return AnswerService(
            self.stores.requests,
            self.stores.request_lists,
            self.stores.profiles,
            self.tokens,
            self.clock,
            self.rules,
        )

    @cached_property
    def matches(self) -> MatchService:
        from mentoring.services.matches import MatchService

        return MatchService(self.stores.matches, self.stores.meetings, self.clock)

    @cached_property
    def sessions(self) -> SessionService:
        from mentoring.services.sessions import SessionService

        return SessionService(
            self.stores.sessions, self.stores.matches, self.stores.meetings, self.clock
        )

    @cached_property
    def meetings(self) -> MeetingService:
        from mentoring.services.meetings import MeetingService

        return MeetingService(self.stores.meetings, self.stores.matches, self.clock)

    @cached_property
    def evaluations(self) -> EvaluationService:
        from mentoring.services.evaluation import EvaluationService

        return EvaluationService(
            self.stores.evaluations, self.stores.matches, self.stores.profiles, self.clock
        )

    @cached_property
    def reports(self) -> ReportService:
        from mentoring.services.reports import ReportService

        return ReportService(self.stores.totals, self.stores.request_lists, self.clock)

    @cached_property
    def privacy(self) -> PrivacyService:
        from mentoring.services.privacy import PrivacyService

        if self._identity is None:
            raise RuntimeError("erasure needs the user directory (identity)")
        return PrivacyService(
            self.stores.profiles,
            self.stores.mentor_listing,
            self.stores.accounts,
            self.stores.requests,
            self.stores.request_lists,
            self.stores.matches,
            self.stores.sessions,
            self.stores.evaluations,
            self.stores.meetings,
            self.stores.match_contents,
            self.stores.notifications,
            self.stores.personal_data,
            self._identity,
            self.clock,
        )

    @cached_property
    def reminders(self) -> ReminderJob:
        from mentoring.services.ladder import RequestLadder
        from mentoring.services.reminders import ReminderJob

        ladder = RequestLadder(self.stores.requests, self.stores.profiles, self.answers, self.rules)
        return ReminderJob(
            self.stores.requests,
            self.stores.request_lists,
            self.stores.matches,
            ladder,
            self.stores.meetings,
            self.stores.notifications,
            self.rules,
            self.clock,
        )
