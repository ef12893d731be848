"""The HTML pages behind the one-click links in mentors' emails.

GET shows the request and a confirm button and never changes anything (mail scanners follow
links); POST does what the link says (a decline may carry a reason, typed on the page, that
reaches the mentee). Problems are pages too: 400 for a link that is not ours, 410 once the
link or the request has expired, 409 once the request has been answered or withdrawn.
"""

from __future__ import annotations

import html
from string import Template

from mentoring.domain.action_links import Action, ActionClaim
from mentoring.domain.models import REASON_MAX_LENGTH
from mentoring.domain.records import MatchRequestRecord
from mentoring.errors import DomainError
from mentoring.mail.styles import (
    BODY_STYLE,
    PAGE_STYLE,
    PRIMARY_BUTTON,
    QUOTE_STYLE,
    SECONDARY_BUTTON,
)
from mentoring.wording import in_words, uk_deadline

CONTACT = (
    "Questions? Contact the Peer Mentoring Administrator: "
    '<a href="mailto:england.coaching.yh@nhs.net">england.coaching.yh@nhs.net</a>'
)

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


def page(title: str, body: str) -> str:
    return _PAGE.substitute(
        title=html.escape(title),
        body=body,
        style=PAGE_STYLE,
        body_style=BODY_STYLE,
        contact=CONTACT,
    )


def confirm_page(claim: ActionClaim, request: MatchRequestRecord) -> str:
    name = html.escape(request.mentee_name)
    message = (
        f'<p>{name} wrote:</p><blockquote style="{QUOTE_STYLE}">'
        f"{html.escape(request.message)}</blockquote>"
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
        return page(f"Accept the match request from {request.mentee_name}?", body)
    body = (
        f"{intro}<p>{name} will be told, and can choose another mentor straight away.</p>"
        f'<form method="post">'
        f'<label for="reason">A few words for {name} (optional)</label>'
        f'<p class="hint">For example, when you might have room again. {name} will see '
        f"exactly what you write.</p>"
        f'<input type="text" id="reason" name="reason" maxlength="{REASON_MAX_LENGTH}" '
        f'autocomplete="off">'
        f'<p><button type="submit" style="{SECONDARY_BUTTON}">Decline this request</button></p>'
        f"</form>"
    )
    return page(f"Decline the match request from {request.mentee_name}?", body)


def done_page(claim: ActionClaim, request: MatchRequestRecord, sessions_limit: int) -> str:
    name = html.escape(request.mentee_name)
    if claim.action is Action.ACCEPT:
        return page(
            f"Thank you: you are now a peer mentor to {request.mentee_name}",
            f"<p>We have let {name} know. Please contact them to organise your first meeting; "
            f"you can have up to {in_words(sessions_limit)} mentoring sessions together.</p>",
        )
    return page(
        "Request declined",
        f"<p>We have let {name} know, so they can choose another mentor. Thank you for "
        f"answering.</p>",
    )


def problem_page(error: DomainError) -> tuple[int, str]:
    title = _TITLES.get(error.status, "Something went wrong")
    return error.status, page(title, f"<p>{html.escape(error.message)}</p>")
