"""Mailers for tests: one that keeps what it is given, one whose sending always fails; an SES
client that keeps the raw messages it is given, and a reader for them."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from mentoring.mail.message import Email, EmailNotSent


@dataclass
class RecordingMailer:
    """Keeps what it is given. Reading `sent` first delivers every notification written so far
    (`settle`: the stream, drained), as a user's inbox would hold them a moment later."""

    settle: Callable[[], None] | None = None
    failing_kinds: set[str] = field(default_factory=set)
    _sent: list[Email] = field(default_factory=list)

    @property
    def sent(self) -> list[Email]:
        if self.settle is not None:
            self.settle()
        return self._sent

    def send(self, email: Email) -> None:
        if email.kind in self.failing_kinds or "*" in self.failing_kinds:
            raise EmailNotSent("Throttling")  # as SES says when it is busy
        self._sent.append(email)

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


class RecordingSes:
    """An SES client that keeps what it is asked to send."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send_email(self, **call: Any) -> dict[str, str]:
        self.sent.append(call)
        return {"MessageId": "1"}


def read_raw(raw: bytes) -> EmailMessage:
    """A raw MIME message as a mail app reads it."""
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed
