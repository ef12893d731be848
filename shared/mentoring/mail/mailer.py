"""Sending email through SES (the mailer port of mentoring.services.ports)."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from mentoring.mail.message import Email, EmailNotSent, mime_message
from mentoring.observability import logger, metrics


class SesMailer:
    def __init__(self, sender: str, reply_to: str | None = None, client: Any | None = None):
        self._sender = sender
        self._reply_to = reply_to
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            # No retries of its own: a send that fails is retried by the stream (the
            # notification claimed each time), not by the SDK at the function's expense.
            self._client = boto3.client(
                "sesv2", config=Config(retries={"mode": "standard", "total_max_attempts": 1})
            )
        return self._client

    def send(self, email: Email) -> None:
        try:
            raw = mime_message(self._sender, email, self._reply_to)
        except (ValueError, TypeError, IndexError) as error:
            # A stored value that cannot be a header (an address that is not one, say): this
            # email cannot be sent as it stands; nothing else is held up by it.
            logger.error("Email not built", email_kind=email.kind, error_type=type(error).__name__)
            metrics.add_metric(name="EmailFailed", unit="Count", value=1)
            raise EmailNotSent("not_built") from None
        try:
            self.client.send_email(
                FromEmailAddress=self._sender,
                Destination={"ToAddresses": list(email.to)},
                Content={"Raw": {"Data": raw}},
            )
        except (ClientError, BotoCoreError) as error:
            code = error.response["Error"]["Code"] if isinstance(error, ClientError) else "network"
            logger.error("Email not sent", email_kind=email.kind, error_code=code)
            metrics.add_metric(name="EmailFailed", unit="Count", value=1)
            raise EmailNotSent(code) from error
        logger.info("Email sent", email_kind=email.kind, recipients=len(email.to))
        metrics.add_metric(name="EmailSent", unit="Count", value=1)
