"""The composition root: every service, built from a function's configuration.

A function builds one `Services` at cold start and uses the parts it needs (each is built on
first use, and its modules imported only then, so a function's cold start pays only for
what it serves). Tests build the same `Services` with a fixed clock, a recording mailer, a
moto client and a known secret. Only the notifications function sends email
(`deliveries`); the others write notices.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mentoring.action_secret import read_secret
from mentoring.clock import Clock, SystemClock
from mentoring.config import FunctionConfig, NotificationsConfig
from mentoring.identity import Identity
from mentoring.records import MENTOR_UNAVAILABLE

if TYPE_CHECKING:
    from mentoring.action_tokens import ActionTokens
    from mentoring.data.accounts import AccountStore
    from mentoring.data.evaluations import EvaluationStore
    from mentoring.data.matches import MatchStore
    from mentoring.data.meetings import MeetingStore
    from mentoring.data.notifications import NotificationStore
    from mentoring.data.profiles import ProfileStore
    from mentoring.data.request_lists import RequestLists
    from mentoring.data.requests import RequestStore
    from mentoring.data.sessions import SessionStore
    from mentoring.data.table import Table
    from mentoring.mailer import Mailer
    from mentoring.services.answers import AnswerService
    from mentoring.services.deliveries import Deliveries
    from mentoring.services.directory import DirectoryService
    from mentoring.services.evaluation import EvaluationService
    from mentoring.services.matches import MatchService
    from mentoring.services.meetings import MeetingService
    from mentoring.services.privacy import PrivacyService
    from mentoring.services.registration import RegistrationService
    from mentoring.services.reminders import ReminderJob
    from mentoring.services.reports import ReportService
    from mentoring.services.requests import RequestService
    from mentoring.services.sessions import SessionsService


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
        self._dynamodb = dynamodb
        # Read from Secrets Manager only when a link is signed or a cursor sealed.
        self.secret = secret or (lambda: read_secret(config.secret_arn))
        self._identity = identity

    def tokens(self) -> ActionTokens:
        from mentoring.action_tokens import ActionTokens

        return ActionTokens(self.secret())

    # ---- storage -----------------------------------------------------------------------

    @cached_property
    def table(self) -> Table:
        from mentoring.cursor_seal import AesGcmSeal
        from mentoring.data.table import Table

        return Table(self.config.table_name, AesGcmSeal(self.secret), self._dynamodb)

    @cached_property
    def profiles(self) -> ProfileStore:
        from mentoring.data.profiles import ProfileStore

        return ProfileStore(self.table)

    @cached_property
    def accounts(self) -> AccountStore:
        from mentoring.data.accounts import AccountStore

        return AccountStore(self.table)

    @cached_property
    def request_store(self) -> RequestStore:
        from mentoring.data.requests import RequestStore

        return RequestStore(self.table)

    @cached_property
    def request_lists(self) -> RequestLists:
        from mentoring.data.request_lists import RequestLists

        return RequestLists(self.table)

    @cached_property
    def match_store(self) -> MatchStore:
        from mentoring.data.matches import MatchStore

        return MatchStore(self.table)

    @cached_property
    def session_store(self) -> SessionStore:
        from mentoring.data.sessions import SessionStore

        return SessionStore(self.table)

    @cached_property
    def evaluation_store(self) -> EvaluationStore:
        from mentoring.data.evaluations import EvaluationStore

        return EvaluationStore(self.table)

    @cached_property
    def meeting_store(self) -> MeetingStore:
        from mentoring.data.meetings import MeetingStore

        return MeetingStore(self.table)

    @cached_property
    def notification_store(self) -> NotificationStore:
        from mentoring.data.notifications import NotificationStore

        return NotificationStore(self.table)

    # ---- services ----------------------------------------------------------------------

    @cached_property
    def deliveries(self) -> Deliveries:
        """Sending email: only with the notifications function's configuration."""
        from mentoring.emails import Context
        from mentoring.mailer import SesMailer
        from mentoring.services.deliveries import Deliveries, answer_links

        config = self.config
        if not isinstance(config, NotificationsConfig):
            raise TypeError("only the notifications function sends email")
        context = Context(
            rules=self.rules,
            admin_email=config.admin_email,
            links=lambda facts: answer_links(
                self.tokens(), self.rules, config.public_api_url, facts
            ),
        )
        return Deliveries(
            self.notification_store,
            self._mailer or SesMailer(config.sender_email, reply_to=config.admin_email),
            context,
            self.clock,
        )

    @cached_property
    def registration(self) -> RegistrationService:
        from mentoring.services.registration import RegistrationService

        return RegistrationService(
            self.profiles,
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

        return DirectoryService(self.profiles)

    @cached_property
    def requests(self) -> RequestService:
        from mentoring.services.requests import RequestService

        return RequestService(
            self.request_store,
            self.request_lists,
            self.profiles,
            self.clock,
            self.rules,
        )

    @cached_property
    def answers(self) -> AnswerService:
        from mentoring.services.answers import AnswerService

        return AnswerService(
            self.request_store,
            self.request_lists,
            self.profiles,
            self.tokens,
            self.clock,
            self.rules,
        )

    @cached_property
    def matches(self) -> MatchService:
        from mentoring.services.matches import MatchService

        return MatchService(self.match_store, self.meeting_store, self.clock)

    @cached_property
    def sessions(self) -> SessionsService:
        from mentoring.services.sessions import SessionsService

        return SessionsService(self.session_store, self.match_store, self.meeting_store, self.clock)

    @cached_property
    def meetings(self) -> MeetingService:
        from mentoring.services.meetings import MeetingService

        return MeetingService(self.meeting_store, self.match_store, self.clock)

    @cached_property
    def evaluations(self) -> EvaluationService:
        from mentoring.services.evaluation import EvaluationService

        return EvaluationService(self.evaluation_store, self.match_store, self.profiles, self.clock)

    @cached_property
    def reports(self) -> ReportService:
        from mentoring.data.counters import TotalsStore
        from mentoring.services.reports import ReportService

        return ReportService(TotalsStore(self.table), self.request_lists, self.clock)

    @cached_property
    def privacy(self) -> PrivacyService:
        from mentoring.data.match_contents import MatchContentsStore
        from mentoring.data.personal_data import PersonalDataStore
        from mentoring.services.privacy import PrivacyService

        if self._identity is None:
            raise RuntimeError("erasure needs the user directory (identity)")
        return PrivacyService(
            self.profiles,
            self.accounts,
            self.request_store,
            self.request_lists,
            self.match_store,
            self.session_store,
            self.evaluation_store,
            self.meeting_store,
            MatchContentsStore(self.table),
            self.notification_store,
            PersonalDataStore(self.table),
            self._identity,
            self.clock,
        )

    @cached_property
    def reminders(self) -> ReminderJob:
        from mentoring.services.ladder import RequestLadder
        from mentoring.services.reminders import ReminderJob

        ladder = RequestLadder(self.request_store, self.profiles, self.answers, self.rules)
        return ReminderJob(
            self.request_store,
            self.request_lists,
            self.match_store,
            ladder,
            self.meeting_store,
            self.notification_store,
            self.rules,
            self.clock,
        )
