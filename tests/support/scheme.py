"""The scheme's services wired to moto, a fixed clock and a recording mailer, with helpers.

Notifications travel as in AWS: written with each change, read from the table's stream (moto's)
by the same event source mapping the local stack uses, and sent by the same `Deliveries` the
notifications function uses, into the recording mailer. Reading `scheme.mailer.sent` delivers
what is waiting first.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from local_stack.stream import (
    EventSourceMapping,
    InvocationFailed,
    MappingSettings,
    stream_arn,
    streams_client,
)
from local_stack.template import load_template
from mentoring.config import (
    ConcernsConfig,
    MatchingConfig,
    NotificationsConfig,
    RegistrationConfig,
)
from mentoring.domain.models import (
    MatchRequestCreate,
    MatchRequestView,
    MatchView,
    MenteeRegistration,
    MentorApplication,
)
from mentoring.domain.principal import Principal
from mentoring.services.deliveries import send_batch
from mentoring.services.ladder import OverdueRequests, RequestLadder
from mentoring.wiring import Services
from tests.support.bodies import mentee_body, mentor_body
from tests.support.clock import FixedClock
from tests.support.mail import RecordingMailer

BASE_URL = "https://api.example.org/v1"
TOKEN_SECRET = b"a-test-secret-that-is-long-enough-for-hmac-sha256!"
_numbers = itertools.count(1)


@dataclass
class ForgetfulIdentity:
    """Stands in for Cognito: remembers whom it was asked to delete."""

    deleted: list[str] = field(default_factory=list)

    def delete_user(self, user_id: str) -> None:
        self.deleted.append(user_id)


class SchemeConfig(RegistrationConfig, MatchingConfig, NotificationsConfig, ConcernsConfig):
    """Every function's settings at once (the tests' environment holds them all)."""


class Scheme(Services):
    """Every service, built by the composition root, on moto with a fixed clock, a recording
    mailer and a known secret; plus helpers to set the scheme up."""

    def __init__(self, config: SchemeConfig, dynamodb: Any, clock: FixedClock):
        self.mailer = RecordingMailer(settle=self.deliver_notifications)
        self.identity = ForgetfulIdentity()
        self.admin = Principal("admin", "admin@example.org", frozenset({"admins"}))
        self.token_secret = TOKEN_SECRET
        super().__init__(
            config,
            clock=clock,
            mailer=self.mailer,
            dynamodb=dynamodb,
            secret=lambda: self.token_secret,
            identity=self.identity,
        )
        self.fixed_clock = clock
        self._dynamodb_client = dynamodb

    # ---- the stream -----------------------------------------------------------------------

    @cached_property
    def stream(self) -> EventSourceMapping:
        return EventSourceMapping(
            streams_client(),
            stream_arn(self._dynamodb_client, self.config.table_name),
            invoke=self._notifications_function,
            settings=MappingSettings.from_template(load_template()),
            backoff=lambda attempt: 0.0,
        )

    def _notifications_function(self, event: dict[str, Any]) -> Any:
        try:
            return send_batch(self.deliveries, event)
        except Exception as error:
            raise InvocationFailed(type(error).__name__) from error

    def deliver_notifications(self) -> None:
        """Send every notification written so far (as the stream would, a moment later)."""
        self.stream.drain()

    def mentee(self, name: str = "", **fields: Any) -> Principal:
        number = next(_numbers)
        name = name or f"Dr Mentee {number}"
        slug = name.lower().replace(" ", ".").replace("dr.", "")
        person = Principal(f"mentee-{number}", f"{slug}@example.org", frozenset())
        self.registration.register_mentee(
            person, MenteeRegistration.model_validate(mentee_body(name=name, **fields))
        )
        return person

    def mentor(self, name: str = "", approve: bool = True, **fields: Any) -> Principal:
        number = next(_numbers)
        name = name or f"Dr Mentor {number}"
        slug = name.lower().replace(" ", ".").replace("dr.", "")
        person = Principal(f"mentor-{number}", f"{slug}@example.org", frozenset())
        self.registration.apply_as_mentor(
            person, MentorApplication.model_validate(mentor_body(name=name, **fields))
        )
        if approve:
            self.vetting.approve_mentor(self.admin, person.user_id)
        return person

    def become_mentor(self, person: Principal, **fields: Any) -> None:
        """An existing user applies as a mentor too, and is approved."""
        self.registration.apply_as_mentor(
            person, MentorApplication.model_validate(mentor_body(**fields))
        )
        self.vetting.approve_mentor(self.admin, person.user_id)

    def request(self, mentee: Principal, mentor: Principal, message: str = "") -> MatchRequestView:
        return self.requests.create(
            mentee, MatchRequestCreate(mentor_id=mentor.user_id, message=message)
        )

    def match(self, mentee: Principal | None = None, mentor: Principal | None = None) -> MatchView:
        """An active match between two (new, unless given) people."""
        mentee = mentee or self.mentee()
        mentor = mentor or self.mentor()
        return self.answers.accept(mentor, self.request(mentee, mentor).request_id)

    def overdue_requests(self) -> OverdueRequests:
        """The schedule's first step: the request ladder over the overdue requests."""
        step = self.reminders.steps[0]
        assert isinstance(step, OverdueRequests)
        return step

    def reminders_ladder(self) -> RequestLadder:
        return self.overdue_requests().ladder

    @staticmethod
    def principal_of(user_id: str) -> Principal:
        """The person with this id, as the API would see them signed in (no groups)."""
        return Principal(user_id, None, frozenset())

    def active_matches(self, mentor: Principal) -> int:
        record = self.stores.profiles.mentor(mentor.user_id)
        assert record is not None
        return record.active_matches
