"""Sending email through SES: one multipart message (plain text and HTML) per email."""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Protocol

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from mentoring.observability import logger, metrics
from mentoring.text import is_single_line

SENDER_NAME = "IMG Peer Mentoring"
# Who a reply reaches: the scheme's emails name them as the one to ask.
REPLY_NAME = "Peer Mentoring Administrator"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "text/calendar"
    content: str
    params: tuple[
        tuple[str, str], ...
    ] = ()  # content-type parameters, e.g. (("method", "REQUEST"),)


@dataclass(frozen=True)
class Email:
    to: tuple[str, ...]
    subject: str
    text: str
    html: str
    kind: str  # what the email is, for logs and metrics (never its content)
    attachments: tuple[Attachment, ...] = ()


class EmailNotSent(Exception):
    pass


class Mailer(Protocol):
    def send(self, email: Email) -> None:
        """Send it, or raise EmailNotSent."""
        ...


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
            raise EmailNotSent(email.kind) from None
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
            raise EmailNotSent(email.kind) from error
        logger.info("Email sent", email_kind=email.kind, recipients=len(email.to))
        metrics.add_metric(name="EmailSent", unit="Count", value=1)


def header_text(text: str) -> str:
    """Text safe for a header: every control or invisible character becomes a space, so no
    stored value (a name written before names were checked, say) can break or add a header."""
    visible = "".join(" " if not is_single_line(character) else character for character in text)
    return " ".join(visible.split())


def mime_message(sender: str, email: Email, reply_to: str | None = None) -> bytes:
    """The raw MIME message: headers from the standard library's address and header types.
    A reply goes to `reply_to` (the sender may be an address nobody reads)."""
    message = EmailMessage()
    message["From"] = Address(display_name=SENDER_NAME, addr_spec=sender)
    message["To"] = [Address(addr_spec=address) for address in email.to]
    if reply_to and reply_to not in email.to:
        message["Reply-To"] = Address(display_name=REPLY_NAME, addr_spec=reply_to)
    message["Subject"] = header_text(email.subject)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    # Sent by a machine: no out-of-office or other automatic reply should answer it (RFC 3834,
    # and Exchange's own header, as NHSmail runs on Exchange Online).
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "OOF, AutoReply"
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    for attachment in email.attachments:
        if attachment.content_type == "text/calendar":
            # Mail apps offer "add to calendar" from the calendar part among the
            # alternatives (RFC 6047); the .ics attachment is for everything else.
            message.add_alternative(
                attachment.content, subtype="calendar", params=dict(attachment.params)
            )
    for attachment in email.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        if maintype != "text":
            raise ValueError(f"only text attachments are sent: {attachment.content_type}")
        message.add_attachment(
            attachment.content,
            subtype=subtype,
            filename=attachment.filename,
            params=dict(attachment.params),
        )
    return message.as_bytes()
