"""The HTML pages behind the one-click links in mentors' emails.

GET shows the request and a confirm button and never changes anything (mail scanners follow
links); POST does what the link says. Problems are pages too: 400 for a link that is not ours,
410 once it has expired, 409 once the request has been answered.
"""

from __future__ import annotations

import html
from string import Template

from mentoring.action_tokens import Action, ActionClaim
from mentoring.dates import uk_deadline
from mentoring.errors import DomainError
from mentoring.records import MatchRequestRecord

_PAGE = Template(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>$title - IMG Peer Mentoring</title></head>
<body style="font-family: Arial, sans-serif; color: #212b32; max-width: 40em; margin: 2em auto;
 padding: 0 1em; line-height: 1.5">
<p style="color: #005eb8; font-weight: bold">IMG Peer Mentoring</p>
<h1>$title</h1>
$body
<p style="color: #4c6272; font-size: 0.9em">Questions? Contact the Peer Mentoring Administrator:
england.coaching.yh@nhs.net</p>
</body></html>
"""
)

_TITLES = {
    400: "This link is not valid",
    404: "This request no longer exists",
    409: "This request has already been answered",
    410: "This link has expired",
}


def page(title: str, body: str) -> str:
    return _PAGE.substitute(title=html.escape(title), body=body)


def confirm_page(claim: ActionClaim, request: MatchRequestRecord) -> str:
    verb = "Accept" if claim.action is Action.ACCEPT else "Decline"
    message = (
        f"<blockquote style='border-left: 4px solid #005eb8; margin: 0; padding-left: 1em'>"
        f"{html.escape(request.message)}</blockquote>"
        if request.message
        else ""
    )
    consequence = (
        f"{html.escape(request.mentee_name)} will be told that you are their peer mentor, and "
        f"you can then contact them to arrange your first meeting."
        if claim.action is Action.ACCEPT
        else f"{html.escape(request.mentee_name)} will be told, and can choose another mentor."
    )
    body = (
        f"<p>{html.escape(request.mentee_name)} asked you to be their IMG peer mentor. Please "
        f"respond by {html.escape(uk_deadline(request.respond_by))}.</p>{message}"
        f"<p>{consequence}</p>"
        f'<form method="post"><button type="submit" style="background: #007f3b; color: #fff; '
        f'border: 0; padding: 0.6em 1.2em; font-size: 1em; border-radius: 4px">'
        f"{verb} this request</button></form>"
    )
    return page(f"{verb} the match request from {request.mentee_name}?", body)


def done_page(claim: ActionClaim, request: MatchRequestRecord) -> str:
    name = html.escape(request.mentee_name)
    if claim.action is Action.ACCEPT:
        return page(
            "Thank you: you are now a peer mentor to " + request.mentee_name,
            f"<p>We have let {name} know. Please contact them to organise your first meeting; "
            f"you can have up to four mentoring sessions together.</p>",
        )
    return page(
        "Request declined",
        f"<p>We have let {name} know, so they can choose another mentor. Thank you for "
        f"answering.</p>",
    )


def problem_page(error: DomainError) -> tuple[int, str]:
    title = _TITLES.get(error.status, "Something went wrong")
    return error.status, page(title, f"<p>{html.escape(error.message)}</p>")
