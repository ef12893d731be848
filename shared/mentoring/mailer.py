"""Sending email through SES: one multipart message (plain text and HTML) per email."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Protocol

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from mentoring.observability import logger, metrics


@dataclass(frozen=True)
class Email:
    to: tuple[str, ...]
    subject: str
    text: str
    html: str
    kind: str  # what the email is, for logs and metrics (never its content)


class EmailNotSent(Exception):
    pass


class Mailer(Protocol):
    def send(self, email: Email) -> None:
        """Send it, or raise EmailNotSent."""
        ...


class SesMailer:
    def __init__(self, sender: str, client: Any | None = None):
        self._sender = sender
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = boto3.client("sesv2")
        return self._client

    def send(self, email: Email) -> None:
        message = EmailMessage()
        message["From"] = f"IMG Peer Mentoring <{self._sender}>"
        message["To"] = ", ".join(email.to)
        message["Subject"] = email.subject
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = make_msgid(domain=self._sender.rpartition("@")[2] or None)
        message.set_content(email.text)
        message.add_alternative(email.html, subtype="html")
        try:
            self.client.send_email(
                FromEmailAddress=self._sender,
                Destination={"ToAddresses": list(email.to)},
                Content={"Raw": {"Data": message.as_bytes()}},
            )
        except (ClientError, BotoCoreError) as error:
            code = error.response["Error"]["Code"] if isinstance(error, ClientError) else "network"
            logger.error("Email not sent", email_kind=email.kind, error_code=code)
            metrics.add_metric(name="EmailFailed", unit="Count", value=1)
            raise EmailNotSent(email.kind) from error
        logger.info("Email sent", email_kind=email.kind, recipients=len(email.to))
        metrics.add_metric(name="EmailSent", unit="Count", value=1)
