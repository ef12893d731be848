"""Telling people about requests and matches by email, once the change is safely stored.

An email that cannot be sent is logged and counted, never allowed to undo a stored decision.
Links in mentors' emails are signed with the deployment's secret, read only when one is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mentoring import emails
from mentoring.action_tokens import Action, ActionTokens
from mentoring.calendar import deadline_after
from mentoring.config import SchemeRules
from mentoring.mailer import Email, EmailNotSent, Mailer
from mentoring.observability import logger
from mentoring.records import MatchRequestRecord, MenteeRecord
from mentoring.stores import ProfileReader


@dataclass
class Notifier:
    profiles: ProfileReader
    mailer: Mailer
    tokens: Callable[[], ActionTokens]
    rules: SchemeRules

    def send(self, email: Email) -> bool:
        if not all(email.to):
            logger.warning("Email has no recipient address", email_kind=email.kind)
            return False
        try:
            self.mailer.send(email)
        except EmailNotSent:
            return False
        return True

    def facts(
        self, request: MatchRequestRecord, mentee: MenteeRecord | None
    ) -> emails.RequestFacts:
        summary = (
            f"{mentee.grade}, {mentee.specialty}, {mentee.placement_site}"
            if mentee
            else "a trainee"
        )
        return emails.RequestFacts(
            mentee_name=request.mentee_name,
            mentor_name=request.mentor_name,
            mentee_summary=summary,
            respond_by=request.respond_by,
            request_id=request.request_id,
            response_working_days=self.rules.response_working_days,
            sessions_limit=self.rules.sessions_limit,
        )

    def links(self, request: MatchRequestRecord, base_url: str) -> tuple[str, str]:
        """Accept and decline links, valid until the request would expire."""
        tokens = self.tokens()
        expires_at = deadline_after(request.respond_by, self.rules.expire_after_working_days)
        accept = tokens.issue(request.request_id, Action.ACCEPT, expires_at)
        decline = tokens.issue(request.request_id, Action.DECLINE, expires_at)
        return f"{base_url}/actions/{accept}", f"{base_url}/actions/{decline}"

    def mentor_email(self, request: MatchRequestRecord) -> str:
        mentor = self.profiles.mentor(request.mentor_id)
        return (mentor.email or "") if mentor else ""

    def mentee(self, request: MatchRequestRecord) -> MenteeRecord | None:
        return self.profiles.mentee(request.mentee_id)

    def mentee_email(self, mentee_id: str) -> str:
        mentee = self.profiles.mentee(mentee_id)
        return (mentee.email or "") if mentee else ""
