"""Mailers for tests: one that keeps what it is given, one whose sending always fails."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mentoring.mailer import Email, EmailNotSent


@dataclass
class RecordingMailer:
    sent: list[Email] = field(default_factory=list)
    failing_kinds: set[str] = field(default_factory=set)

    def send(self, email: Email) -> None:
        if email.kind in self.failing_kinds or "*" in self.failing_kinds:
            raise EmailNotSent(email.kind)
        self.sent.append(email)

    def kinds(self) -> list[str]:
        return [email.kind for email in self.sent]

    def to(self, address: str) -> list[Email]:
        return [email for email in self.sent if address in email.to]

    def last(self, kind: str) -> Email:
        return [email for email in self.sent if email.kind == kind][-1]


def links_in(email: Email) -> dict[str, str]:
    """The one-click links of an email, by label ("Accept this request": url)."""
    return dict(
        re.findall(r"^(Accept this request|Decline this request): (\S+)$", email.text, re.M)
    )


def token_of(url: str) -> str:
    return url.rsplit("/actions/", 1)[1]
