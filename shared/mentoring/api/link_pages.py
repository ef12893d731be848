"""The HTML pages behind the one-click links in mentors' emails.

GET shows the request and a confirm button and never changes anything (mail scanners follow
links); POST does what the link says (a decline may carry a reason, typed on the page, that
reaches the mentee). Problems are pages too: 400 for a link that is not ours, 410 once the
link or the request has expired, 409 once the request has been answered or withdrawn (each
page saying which).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from string import Template

from mentoring.config import SchemeRules
from mentoring.domain.action_links import Action, ActionClaim
from mentoring.domain.models import REASON_MAX_LENGTH
from mentoring.domain.records import MatchRequestRecord
from mentoring.errors import DomainError, RequestWithdrawn
from mentoring.mail.compose import with_line_breaks
from mentoring.mail.styles import (
    BODY_STYLE,
    PAGE_STYLE,
    PRIMARY_BUTTON,
    QUOTE_STYLE,
)
from mentoring.wording import in_words, uk_deadline

_PAGE = Template(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>$title - IMG Peer Mentoring</title>
<style>$style</style></head>
<body style="$body_style">
<p class="scheme">IMG Peer Mentoring</p>
<main>
<h1>$title</h1>
$body
</main>
<footer><p>$contact</p></footer>
</body></html>
"""
)

_TITLES = {
    400: "This link is not valid",
    404: "This request no longer exists",
    409: "This request has already been answered",
    410: "This request has expired",
    413: "That was too much to send",
    422: "Please check your reason",
    503: "Please try again in a moment",
}


@dataclass(frozen=True)
class LinkPages:
    """The pages, each signed off with the administrator's address (`AdminEmail`)."""

    admin_email: str
    rules: SchemeRules

    def page(self, title: str, body: str) -> str:
        address = html.escape(self.admin_email, quote=True)
        return _PAGE.substitute(
            title=html.escape(title),
            body=body,
            style=PAGE_STYLE,
            body_style=BODY_STYLE,
            contact="Questions? Contact the Peer Mentoring Administrator: "
            f'<a href="mailto:{address}">{address}</a>',
        )

    def confirm(self, claim: ActionClaim, request: MatchRequestRecord) -> str:
        name = html.escape(request.mentee_name)
        message = (
            f'<p>{name} wrote:</p><blockquote style="{QUOTE_STYLE}">'
            f"{with_line_breaks(request.message)}</blockquote>"
            if request.message
            else ""
        )
        intro = (
            f"<p>{name} asked you to be their IMG peer mentor. Please respond by "
            f"{html.escape(uk_deadline(request.respond_by))}.</p>{message}"
        )
        if claim.action is Action.ACCEPT:
            body = (
                f"{intro}<p>{name} will be told that you are their peer mentor, and you can then "
                f"contact them to organise your first meeting.</p>"
                f'<form method="post"><button type="submit" style="{PRIMARY_BUTTON}">'
                f"Accept this request</button></form>"
            )
            return self.page(f"Accept the match request from {request.mentee_name}?", body)
        body = (
            f"{intro}<p>{name} will be told, and can choose another mentor straight away.</p>"
            f'<form method="post">'
            f'<label for="reason">A few words for {name} (optional)</label>'
            f'<p class="hint">For example, when you might have room again. {name} will see '
            f"exactly what you write.</p>"
            f'<input type="text" id="reason" name="reason" maxlength="{REASON_MAX_LENGTH}" '
            f'autocomplete="off">'
            # The page's one action: a primary button, as the accept page's is.
            f'<p><button type="submit" style="{PRIMARY_BUTTON}">Decline this request</button>'
            f"</p></form>"
        )
        return self.page(f"Decline the match request from {request.mentee_name}?", body)

    def done(self, claim: ActionClaim, request: MatchRequestRecord) -> str:
        name = html.escape(request.mentee_name)
        if claim.action is Action.ACCEPT:
            reach = (
                f'at <a href="mailto:{html.escape(request.mentee_email, quote=True)}">'
                f"{html.escape(request.mentee_email)}</a>"
                if request.mentee_email
                else "through the IMG Peer Mentoring app"
            )
            return self.page(
                f"Thank you: you are now a peer mentor to {request.mentee_name}",
                f"<p>We have let {name} know, and emailed you both an introduction. Please "
                f"contact {name} {reach} to organise your first meeting, face-to-face or "
                f"virtually; you can have up to {in_words(self.rules.sessions_limit)} mentoring "
                f"sessions together.</p>",
            )
        return self.page(
            "Request declined",
            f"<p>We have let {name} know, so they can choose another mentor. Thank you for "
            f"answering.</p>",
        )

    def problem(self, error: DomainError) -> tuple[int, str]:
        title = (
            "This request was withdrawn"
            if isinstance(error, RequestWithdrawn)
            else _TITLES.get(error.status, "Something went wrong")
        )
        return error.status, self.page(title, f"<p>{html.escape(error.message)}</p>")
