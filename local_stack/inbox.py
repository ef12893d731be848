"""Every email the stack has sent, read back from moto's SES (oldest first)."""

from __future__ import annotations

import base64
import email
import email.policy
import threading
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from typing import Any

from mentoring.clock import to_utc_text

_first_seen: dict[str, datetime] = {}
_lock = threading.Lock()


def sent_emails(account_id: str, region: str) -> list[dict[str, Any]]:
    from moto.ses.models import ses_backends  # noqa: PLC0415 - moto's in-process state

    backend = ses_backends[account_id][region]
    return [_as_entry(message) for message in list(backend.sent_messages)]


def _seen_at(message_id: str) -> datetime:
    with _lock:
        return _first_seen.setdefault(message_id, datetime.now(UTC))


def _as_entry(message: Any) -> dict[str, Any]:
    if hasattr(message, "raw_data"):
        return _raw_entry(message)
    destinations = message.destinations
    recipients = [
        address
        for kind in ("ToAddresses", "CcAddresses", "BccAddresses")
        for address in destinations.get(kind, [])
    ]
    body = str(message.body)
    looks_html = body.lstrip().startswith("<")
    return {
        "from": str(message.source),
        "reply_to": None,
        "to": recipients,
        "subject": message.subject,
        "text": None if looks_html else body,
        "html": body if looks_html else None,
        "sent_at": to_utc_text(_seen_at(message.id)),
        "attachments": [],
    }


def _raw_entry(message: Any) -> dict[str, Any]:
    parsed = email.message_from_string(message.raw_data, policy=email.policy.default)
    if not isinstance(parsed, EmailMessage):
        raise TypeError("expected an EmailMessage")
    text_part = parsed.get_body(preferencelist=("plain",))
    html_part = parsed.get_body(preferencelist=("html",))
    date_header = parsed.get("Date")
    sent_at = parsedate_to_datetime(str(date_header)) if date_header else _seen_at(message.id)
    reply_to = parsed.get("Reply-To")
    return {
        "from": str(parsed.get("From", message.source)),
        "reply_to": str(reply_to) if reply_to else None,
        "to": list(dict.fromkeys(message.destinations)),  # moto adds the To header again
        "subject": str(parsed.get("Subject", "")),
        "text": text_part.get_content() if text_part is not None else None,
        "html": html_part.get_content() if html_part is not None else None,
        "sent_at": to_utc_text(sent_at),
        "attachments": [_attachment(part) for part in parsed.iter_attachments()],
    }


def attachment_bytes(attachment: dict[str, str]) -> bytes:
    """An attachment's content as the file a person downloads."""
    if attachment["content_type"].startswith("text/"):
        return attachment["content"].encode("utf-8")
    return base64.b64decode(attachment["content"])


def _attachment(part: EmailMessage) -> dict[str, str]:
    """An attachment as a client reads it: text types as text, others base64."""
    content_type = part.get_content_type()
    method = part.get_param("method")
    if isinstance(method, str):
        content_type += f"; method={method}"
    if part.get_content_maintype() == "text":
        content = str(part.get_content())
    else:
        payload = part.get_payload(decode=True)
        content = base64.b64encode(payload if isinstance(payload, bytes) else b"").decode("ascii")
    return {
        "filename": part.get_filename() or "",
        "content_type": content_type,
        "content": content,
    }
