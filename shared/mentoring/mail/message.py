"""An email as the scheme writes it (plain text, HTML, attachments), and the raw MIME message
SES is given: one multipart message per email, its headers built by the standard library."""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from mentoring.domain.fields import is_single_line

SENDER_NAME = "IMG Peer Mentoring"
# Who a reply reaches: the scheme's emails name them as the one to ask.
REPLY_NAME = "Peer Mentoring Administrator"
TEXT_ENCODING = "quoted-printable"
FILE_ENCODING = "base64"


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
    """The email was not sent; `reason` is what the mailer was told (SES's error code), never
    the email's content."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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
    # Every part is 7-bit on the wire (quoted-printable text, base64 files): SES advises
    # against raw 8-bit, and a relay may mangle it (a name such as Siobhán, say).
    message.set_content(email.text, cte=TEXT_ENCODING)
    message.add_alternative(email.html, subtype="html", cte=TEXT_ENCODING)
    for attachment in email.attachments:
        if attachment.content_type == "text/calendar":
            # Mail apps offer "add to calendar" from the calendar part among the
            # alternatives (RFC 6047); the .ics attachment is for everything else.
            message.add_alternative(
                attachment.content,
                subtype="calendar",
                params=dict(attachment.params),
                cte=TEXT_ENCODING,
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
            cte=FILE_ENCODING,
        )
    return message.as_bytes()
