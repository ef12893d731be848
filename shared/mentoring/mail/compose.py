"""How every email is put together: a kind writes its subject, paragraphs, links and an
optional quotation (`Written`); `compose` makes the plain-text and HTML parts from that one
text, in the scheme's look, with the sign-off its reader needs."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from string import Template

from mentoring.config import SchemeRules
from mentoring.mail.styles import (
    BLUE,
    PRIMARY_BUTTON,
    QUOTE_STYLE,
    SECONDARY_BUTTON,
    SECONDARY_TEXT,
    TEXT,
)

SCHEME = "IMG Peer Mentoring"
_SIGNATURE = (
    "With best wishes,\n"
    "The IMG Peer Mentoring Scheme\n"
    "NHS England - Workforce, Training and Education, Yorkshire and Humber"
)

_HTML_PAGE = Template(
    f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>$subject</title></head>
<body style="font-family: Arial, sans-serif; color: {TEXT}; max-width: 40em; line-height: 1.5">
<p style="color: {BLUE}; font-weight: bold">$scheme</p>
$body
<p style="color: {SECONDARY_TEXT}; font-size: 0.9em">$sign_off</p>
</body></html>
"""
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    primary: bool = True  # the other choice is drawn as an outlined button


@dataclass(frozen=True)
class Written:
    """An email as its kind writes it: paragraphs are separated by blank lines."""

    subject: str
    body: str
    links: tuple[Link, ...] = ()
    quote: str | None = None  # someone's own words, shown as they wrote them


@dataclass(frozen=True)
class Context:
    """What writing needs besides the facts: the scheme's numbers as deployed, the
    administrator's address, and accept/decline links for a request (signed when made)."""

    rules: SchemeRules
    admin_email: str
    links: Callable[[str, datetime], tuple[str, str]]  # (request_id, respond_by)


def sign_off(admin_email: str, to_administrator: bool) -> str:
    """The scheme's signature; to anyone but the administrator, whom to ask."""
    if to_administrator:
        return _SIGNATURE
    return f"{_SIGNATURE}\nQuestions? Contact the Peer Mentoring Administrator: {admin_email}"


def with_line_breaks(text: str) -> str:
    """A person's text in HTML as they wrote it: escaped, each line its own."""
    return html.escape(text).replace("\n", "<br>")


def _paragraphs(text: str) -> str:
    return "\n".join(f"<p>{with_line_breaks(block)}</p>" for block in text.strip().split("\n\n"))


def compose(written: Written, signature: str) -> tuple[str, str]:
    """The plain-text and HTML parts, from one text: paragraphs, quotation, links, sign-off."""
    quoted_text = quoted_html = ""
    if written.quote:
        quoted_text = "\n\n" + "\n".join(f"> {line}" for line in written.quote.splitlines())
        quoted_html = f'<blockquote style="{QUOTE_STYLE}">{_paragraphs(written.quote)}</blockquote>'
    text = written.body.strip() + quoted_text
    if written.links:
        text += "\n\n" + "\n".join(f"{link.label}: {link.url}" for link in written.links)
    text += "\n\n" + signature + "\n"
    buttons = "".join(
        f'<a href="{html.escape(link.url, quote=True)}" '
        f'style="{PRIMARY_BUTTON if link.primary else SECONDARY_BUTTON}">'
        f"{html.escape(link.label)}</a>"
        for link in written.links
    )
    if buttons:
        buttons = f'<p style="margin: 1.5em 0">{buttons}</p>'
    page = _HTML_PAGE.substitute(
        subject=html.escape(written.subject),
        scheme=SCHEME,
        body=_paragraphs(written.body) + quoted_html + buttons,
        sign_off=with_line_breaks(signature),
    )
    return text, page
