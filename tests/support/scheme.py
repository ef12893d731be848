"""The scheme's services wired to moto, a fixed clock and a recording mailer, with helpers."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from mentoring.action_tokens import ActionTokens
from mentoring.auth import Principal
from mentoring.config import Settings
from mentoring.models import (
    MatchRequestCreate,
    MatchRequestView,
    MatchView,
    MenteeRegistration,
    MentorApplication,
)
from mentoring.privacy_repository import PrivacyRepository
from mentoring.records import MENTOR_UNAVAILABLE
from mentoring.services.evaluation import EvaluationService
from mentoring.services.matching import MatchingService
from mentoring.services.privacy import PrivacyService
from mentoring.services.registration import RegistrationService
from mentoring.services.reminders import ReminderJob
from mentoring.services.reports import ReportService
from mentoring.services.sessions import SessionsService
from mentoring.wiring import build_matching, build_reminder_job
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


@dataclass
class Scheme:
    repository: PrivacyRepository
    clock: FixedClock
    settings: Settings
    mailer: RecordingMailer = field(default_factory=RecordingMailer)
    admin: Principal = field(
        default_factory=lambda: Principal("admin", "admin@example.org", frozenset({"admins"}))
    )

    def __post_init__(self) -> None:
        self.tokens = ActionTokens(TOKEN_SECRET)
        wired = build_matching(
            self.settings,
            clock=self.clock,
            mailer=self.mailer,
            repository=self.repository,
            tokens=lambda: self.tokens,
        )
        self.matching: MatchingService = wired.service
        self.registration = RegistrationService(
            self.repository,
            self.clock,
            self.settings,
            on_mentor_suspended=lambda mentor_id: self.matching.decline_waiting(
                mentor_id, MENTOR_UNAVAILABLE
            ),
        )
        self.job: ReminderJob = build_reminder_job(wired, self.settings)
        self.sessions = SessionsService(self.repository, self.clock, self.matching)
        self.evaluations = EvaluationService(self.repository, self.clock)
        self.reports = ReportService(self.repository, self.clock)
        self.identity = ForgetfulIdentity()
        self.privacy = PrivacyService(self.repository, wired.notifier, self.identity, self.clock)

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
            self.registration.approve_mentor(self.admin, person.user_id)
        return person

    def become_mentor(self, person: Principal, **fields: Any) -> None:
        """An existing user applies as a mentor too, and is approved."""
        self.registration.apply_as_mentor(
            person, MentorApplication.model_validate(mentor_body(**fields))
        )
        self.registration.approve_mentor(self.admin, person.user_id)

    def request(self, mentee: Principal, mentor: Principal, message: str = "") -> MatchRequestView:
        return self.matching.create_request(
            mentee, MatchRequestCreate(mentor_id=mentor.user_id, message=message), BASE_URL
        )

    def match(self, mentee: Principal | None = None, mentor: Principal | None = None) -> MatchView:
        """An active match between two (new, unless given) people."""
        mentee = mentee or self.mentee()
        mentor = mentor or self.mentor()
        return self.matching.accept(mentor, self.request(mentee, mentor).request_id)

    def active_matches(self, mentor: Principal) -> int:
        record = self.repository.get_mentor(mentor.user_id)
        assert record is not None
        return record.active_matches
