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
from mentoring.config import ConcernsConfig, FunctionConfig, NotificationsConfig
from mentoring.data.link_secret import read_secret
from mentoring.data.stores import Stores
from mentoring.services.ports import Identity

if TYPE_CHECKING:
    from mentoring.domain.action_links import ActionTokens
    from mentoring.services.answers import AnswerService
    from mentoring.services.closed_mentors import ClosedMentors
    from mentoring.services.concerns import ConcernService
    from mentoring.services.deliveries import Deliveries
    from mentoring.services.directory import DirectoryService
    from mentoring.services.evaluation import EvaluationService
    from mentoring.services.matches import MatchService
    from mentoring.services.meetings import MeetingService
    from mentoring.services.ports import Mailer
    from mentoring.services.privacy import PrivacyService
    from mentoring.services.registration import RegistrationService
    from mentoring.services.reports import ReportService
    from mentoring.services.requests import RequestService
    from mentoring.services.schedule import ReminderJob
    from mentoring.services.sessions import SessionService
    from mentoring.services.standing import Restanding
    from mentoring.services.standing_records import StandingService
    from mentoring.services.vetting import VettingService
    from mentoring.services.waiting_lists import WaitingListService


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
            claims=self.stores.notifications,
            mailer=self._mailer or SesMailer(config.sender_email, reply_to=config.admin_email),
            context=context,
            clock=self.clock,
        )

    @cached_property
    def registration(self) -> RegistrationService:
        from mentoring.services.registration import RegistrationService

        return RegistrationService(
            profiles=self.stores.profiles,
            listing=self.stores.mentor_listing,
            lists=self.stores.request_lists,
            offers=self.waiting_lists,
            clock=self.clock,
            rules=self.rules,
        )

    @cached_property
    def vetting(self) -> VettingService:
        from mentoring.services.vetting import VettingService

        return VettingService(
            profiles=self.stores.profiles,
            listing=self.stores.mentor_listing,
            lists=self.stores.request_lists,
            offers=self.waiting_lists,
            restanding=self.restanding,
            clock=self.clock,
        )

    @cached_property
    def restanding(self) -> Restanding:
        from mentoring.services.standing import Restanding

        return Restanding(store=self.stores.standing, clock=self.clock, rules=self.rules)

    @cached_property
    def standing(self) -> StandingService:
        from mentoring.services.standing_records import StandingService

        return StandingService(
            restanding=self.restanding,
            profiles=self.stores.profiles,
            listing=self.stores.mentor_listing,
            clock=self.clock,
            rules=self.rules,
        )

    @cached_property
    def directory(self) -> DirectoryService:
        from mentoring.services.directory import DirectoryService

        return DirectoryService(profiles=self.stores.profiles)

    @cached_property
    def requests(self) -> RequestService:
        from mentoring.services.requests import RequestService

        return RequestService(
            requests=self.stores.requests,
            lists=self.stores.request_lists,
            profiles=self.stores.profiles,
            offers=self.waiting_lists,
            clock=self.clock,
            rules=self.rules,
        )

    @cached_property
    def answers(self) -> AnswerService:
        from mentoring.services.answers import AnswerService

        return AnswerService(
            requests=self.stores.requests,
            closed_mentors=self.closed_mentors,
            tokens=self.tokens,
            offers=self.waiting_lists,
            clock=self.clock,
            rules=self.rules,
        )

    @cached_property
    def concerns(self) -> ConcernService:
        """Concerns: only with the concerns function's configuration (how long they are kept)."""
        from datetime import timedelta

        from mentoring.services.concerns import ConcernService

        config = self.config
        if not isinstance(config, ConcernsConfig):
            raise TypeError("concerns are served by the concerns function")
        return ConcernService(
            concerns=self.stores.concerns,
            profiles=self.stores.profiles,
            matches=self.stores.matches,
            clock=self.clock,
            kept_after_closing=timedelta(days=365 * config.concern_kept_years),
        )

    @cached_property
    def closed_mentors(self) -> ClosedMentors:
        from mentoring.services.closed_mentors import ClosedMentors

        return ClosedMentors(
            requests=self.stores.requests,
            lists=self.stores.request_lists,
            profiles=self.stores.profiles,
            offers=self.waiting_lists,
            clock=self.clock,
        )

    @cached_property
    def waiting_lists(self) -> WaitingListService:
        from mentoring.services.waiting_lists import WaitingListService

        return WaitingListService(
            lists=self.stores.waiting_lists,
            profiles=self.stores.profiles,
            clock=self.clock,
            rules=self.rules,
            decline_others_if_closed=self._decline_others_if_closed,
        )

    def _decline_others_if_closed(self, mentor_id: str) -> int:
        # Late-bound: declining a held request offers its place (closed mentors -> lists).
        return self.closed_mentors.decline_others_if_closed(mentor_id)

    @cached_property
    def matches(self) -> MatchService:
        from mentoring.services.matches import MatchService

        return MatchService(
            matches=self.stores.matches,
            meetings=self.stores.meetings,
            offers=self.waiting_lists,
            clock=self.clock,
        )

    @cached_property
    def sessions(self) -> SessionService:
        from mentoring.services.sessions import SessionService

        return SessionService(
            sessions=self.stores.sessions,
            matches=self.stores.matches,
            meetings=self.stores.meetings,
            offers=self.waiting_lists,
            clock=self.clock,
        )

    @cached_property
    def meetings(self) -> MeetingService:
        from mentoring.services.meetings import MeetingService

        return MeetingService(
            meetings=self.stores.meetings, matches=self.stores.matches, clock=self.clock
        )

    @cached_property
    def evaluations(self) -> EvaluationService:
        from mentoring.services.evaluation import EvaluationService

        return EvaluationService(
            evaluations=self.stores.evaluations,
            matches=self.stores.matches,
            profiles=self.stores.profiles,
            clock=self.clock,
        )

    @cached_property
    def reports(self) -> ReportService:
        from mentoring.services.reports import ReportService

        return ReportService(
            totals=self.stores.totals, requests=self.stores.request_lists, clock=self.clock
        )

    @cached_property
    def privacy(self) -> PrivacyService:
        from mentoring.services.privacy import (
            AccountStores,
            MatchStores,
            Participation,
            PrivacyService,
            RequestStores,
        )

        if self._identity is None:
            raise RuntimeError("erasure needs the user directory (identity)")
        stores = self.stores
        return PrivacyService(
            account=AccountStores(
                profiles=stores.profiles,
                listing=stores.mentor_listing,
                took_part=Participation(
                    waiting_lists=self.waiting_lists,
                    concerns=stores.concerns,
                    standing=stores.standing,
                ),
                accounts=stores.accounts,
                identity=self._identity,
            ),
            request_stores=RequestStores(requests=stores.requests, lists=stores.request_lists),
            match_stores=MatchStores(
                matches=stores.matches,
                meetings=stores.meetings,
                sessions=stores.sessions,
                evaluations=stores.evaluations,
                contents=stores.match_contents,
            ),
            notifications=stores.notifications,
            personal_data=stores.personal_data,
            clock=self.clock,
        )

    @cached_property
    def reminders(self) -> ReminderJob:
        """The daily schedule's steps, in the order a run takes them."""
        from mentoring.services.follow_ups import MissingEvaluations, QuietMatches, UpcomingMeetings
        from mentoring.services.ladder import OverdueRequests, RequestLadder
        from mentoring.services.redrive import ParkedEmails
        from mentoring.services.schedule import ReminderJob
        from mentoring.services.standing import StandingChecks
        from mentoring.services.standing_records import Announcements
        from mentoring.services.waiting_lists import WaitingListOffers

        stores = self.stores
        ladder = RequestLadder(
            requests=stores.requests,
            profiles=stores.profiles,
            closed_mentors=self.closed_mentors,
            offers=self.waiting_lists,
            rules=self.rules,
        )
        return ReminderJob(
            steps=(
                OverdueRequests(
                    requests=stores.requests, lists=stores.request_lists, ladder=ladder
                ),
                QuietMatches(matches=stores.matches, meetings=stores.meetings, rules=self.rules),
                MissingEvaluations(matches=stores.matches, rules=self.rules),
                UpcomingMeetings(matches=stores.matches, meetings=stores.meetings),
                WaitingListOffers(lists=stores.waiting_lists, offers=self.waiting_lists),
                # A new Code first: its announcement tells people of it, so the checks after
                # do not tell them again.
                Announcements(standing=self.standing, store=stores.standing),
                StandingChecks(
                    restanding=self.restanding,
                    profiles=stores.profiles,
                    listing=stores.mentor_listing,
                ),
                ParkedEmails(parked=stores.notifications, clock=self.clock),
            )
        )
