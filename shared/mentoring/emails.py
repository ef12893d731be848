"""The scheme's emails: plain text and HTML from one template each, in the scheme's own voice.

No email carries more than its reader needs; the administrator's never carry a mentee's
message or any session content.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from string import Template

from mentoring.dates import uk_deadline
from mentoring.mailer import Email
from mentoring.styles import (
    BLUE,
    PRIMARY_BUTTON,
    QUOTE_STYLE,
    SECONDARY_BUTTON,
    SECONDARY_TEXT,
    TEXT,
)
from mentoring.words import in_words

SCHEME = "IMG Peer Mentoring"
SIGN_OFF = (
    "With best wishes,\n"
    "The IMG Peer Mentoring Scheme\n"
    "NHS England - Workforce, Training and Education, Yorkshire and Humber\n"
    "Questions? Contact the Peer Mentoring Administrator: england.coaching.yh@nhs.net"
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


def _paragraphs(text: str) -> str:
    return "\n".join(
        f"<p>{html.escape(block).replace(chr(10), '<br>')}</p>"
        for block in text.strip().split("\n\n")
    )


def _compose(
    kind: str,
    to: list[str],
    subject: str,
    body: str,
    links: list[Link] | None = None,
    quote: str | None = None,
) -> Email:
    """Build both parts from one body: paragraphs separated by blank lines, then links."""
    links = links or []
    quoted_text = ""
    quoted_html = ""
    if quote:
        quoted_text = "\n\n" + "\n".join(f"> {line}" for line in quote.splitlines())
        quoted_html = f'<blockquote style="{QUOTE_STYLE}">{_paragraphs(quote)}</blockquote>'
    text = body.strip() + quoted_text
    if links:
        text += "\n\n" + "\n".join(f"{link.label}: {link.url}" for link in links)
    text += "\n\n" + SIGN_OFF + "\n"
    buttons = "".join(
        f'<a href="{html.escape(link.url, quote=True)}" '
        f'style="{PRIMARY_BUTTON if link.primary else SECONDARY_BUTTON}">'
        f"{html.escape(link.label)}</a>"
        for link in links
    )
    if buttons:
        buttons = f'<p style="margin: 1.5em 0">{buttons}</p>'
    body_html = _paragraphs(body) + quoted_html + buttons
    page = _HTML_PAGE.substitute(
        subject=html.escape(subject),
        scheme=SCHEME,
        body=body_html,
        sign_off=html.escape(SIGN_OFF).replace("\n", "<br>"),
    )
    return Email(to=tuple(to), subject=subject, text=text, html=page, kind=kind)


@dataclass(frozen=True)
class RequestFacts:
    """What the emails about one match request may say."""

    mentee_name: str
    mentor_name: str
    mentee_summary: str  # grade, specialty, placement site
    respond_by: datetime
    request_id: str
    # The scheme's numbers, as deployed.
    response_working_days: int
    sessions_limit: int


def new_request(to: str, facts: RequestFacts, message: str, accept: str, decline: str) -> Email:
    body = (
        f"Dear {facts.mentor_name},\n\n"
        f"{facts.mentee_name} ({facts.mentee_summary}) would like you to be their IMG peer "
        f"mentor.\n\n"
        f"Please respond by {uk_deadline(facts.respond_by)}. Peer mentors are asked to respond "
        f"to a match request within {in_words(facts.response_working_days)} working days, so "
        f"that no mentee is left waiting.\n\n"
        f"Each link below opens a page where you can confirm your answer."
    )
    if message:
        body += f"\n\n{facts.mentee_name} wrote:"
    return _compose(
        "new_request",
        [to],
        f"New match request from {facts.mentee_name}",
        body,
        [Link("Accept this request", accept), Link("Decline this request", decline, primary=False)],
        quote=message or None,
    )


def request_accepted(to: str, facts: RequestFacts) -> Email:
    body = (
        f"Dear {facts.mentee_name},\n\n"
        f"Good news: {facts.mentor_name} has accepted your match request and will be your IMG "
        f"peer mentor.\n\n"
        f"{facts.mentor_name} will contact you to organise your first meeting. You can have up "
        f"to {in_words(facts.sessions_limit)} mentoring sessions, face-to-face or virtual, "
        f"arranged to suit you both; we "
        f"recommend meeting about once a month. After each meeting your mentor completes a "
        f"confidential activity log, and you can add your own notes to it."
    )
    return _compose("request_accepted", [to], f"{facts.mentor_name} is your peer mentor", body)


def request_declined(to: str, facts: RequestFacts, reason: str | None) -> Email:
    body = (
        f"Dear {facts.mentee_name},\n\n"
        f"{facts.mentor_name} is not able to take on a new mentee at the moment, so your match "
        f"request has been declined. This is no reflection on you.\n\n"
        f"You are free to choose another peer mentor from the directory straight away."
    )
    if reason:
        body += f"\n\n{facts.mentor_name} added:"
    return _compose(
        "request_declined",
        [to],
        "Your match request: please choose another mentor",
        body,
        quote=reason or None,
    )


def request_auto_declined(to: str, facts: RequestFacts, mentor_full: bool = True) -> Email:
    why = (
        "has just taken on as many mentees as they can"
        if mentor_full
        else "is not available as a peer mentor at the moment"
    )
    body = (
        f"Dear {facts.mentee_name},\n\n"
        f"{facts.mentor_name} {why}, so your match request has been closed rather than leave "
        f"you waiting.\n\n"
        f"Please choose another peer mentor from the directory; many are available."
    )
    return _compose(
        "request_auto_declined", [to], "Your match request: please choose another mentor", body
    )


def request_withdrawn(to: str, facts: RequestFacts) -> Email:
    body = (
        f"Dear {facts.mentor_name},\n\n"
        f"{facts.mentee_name} has withdrawn their match request, so it no longer needs an "
        f"answer. Thank you for your time."
    )
    return _compose("request_withdrawn", [to], "A match request has been withdrawn", body)


def reminder(to: str, facts: RequestFacts, accept: str, decline: str, second: bool) -> Email:
    opening = "A gentle reminder" if not second else "A second reminder"
    body = (
        f"Dear {facts.mentor_name},\n\n"
        f"{opening}: {facts.mentee_name} asked you to be their IMG peer mentor and is waiting "
        f"for your answer, which was due by {uk_deadline(facts.respond_by)}.\n\n"
        f"Please accept or decline using the links below, so that {facts.mentee_name} can "
        f"move on if you are unable to help."
    )
    if second:
        body += "\n\nThe scheme administrator has been told that this request is overdue."
    subject = (
        f"Reminder: {facts.mentee_name} is waiting for your answer"
        if not second
        else f"Second reminder: {facts.mentee_name} is still waiting for your answer"
    )
    return _compose(
        "second_reminder" if second else "reminder",
        [to],
        subject,
        body,
        [Link("Accept this request", accept), Link("Decline this request", decline, primary=False)],
    )


def overdue_alert(to: str, facts: RequestFacts) -> Email:
    body = (
        f"Match request {facts.request_id} from {facts.mentee_name} to {facts.mentor_name} "
        f"has not been answered. It was due by {uk_deadline(facts.respond_by)}; the mentor "
        f"has now had two reminders.\n\n"
        f"If it is still unanswered it will expire automatically and the mentee will be asked "
        f"to choose another mentor."
    )
    return _compose("overdue_alert", [to], f"Overdue match request: {facts.mentor_name}", body)


def request_expired_for_mentee(to: str, facts: RequestFacts) -> Email:
    body = (
        f"Dear {facts.mentee_name},\n\n"
        f"We are sorry: {facts.mentor_name} has not answered your match request in time, so it "
        f"has now closed.\n\n"
        f"Please choose another peer mentor from the directory. If you would like help "
        f"finding the right mentor, the Peer Mentoring Administrator is glad to help."
    )
    return _compose(
        "request_expired_mentee", [to], "Your match request has expired: please choose again", body
    )


def request_expired_for_mentor(to: str, facts: RequestFacts) -> Email:
    body = (
        f"Dear {facts.mentor_name},\n\n"
        f"The match request from {facts.mentee_name} has expired without an answer, and they "
        f"have been asked to choose another mentor.\n\n"
        f"If you cannot take on mentees for a while, you can pause new requests in your "
        f"mentor profile (accepting requests: off)."
    )
    return _compose("request_expired_mentor", [to], "A match request has expired", body)


def request_expired_for_admin(to: str, facts: RequestFacts) -> Email:
    body = (
        f"Match request {facts.request_id} from {facts.mentee_name} to {facts.mentor_name} "
        f"expired unanswered (it was due by {uk_deadline(facts.respond_by)}). The mentee has "
        f"been asked to choose another mentor."
    )
    return _compose(
        "request_expired_admin", [to], f"Expired match request: {facts.mentor_name}", body
    )


def match_ended(to: str, mentee_name: str, mentor_name: str) -> Email:
    body = (
        f"Dear {mentee_name},\n\n"
        f"Your peer mentoring relationship with {mentor_name} has now ended. Thank you for "
        f"taking part in the IMG Peer Mentoring Scheme.\n\n"
        f"Please take a few minutes to complete the evaluation form in the IMG Peer Mentoring "
        f"app, reflecting on your experience and the support of your peer mentor. It helps us "
        f"improve the scheme and supports your mentor's professional development. Your answers "
        f"are only ever shared with your mentor as part of anonymous totals."
    )
    return _compose(
        "evaluation_invitation", [to], "Please tell us how your peer mentoring went", body
    )


def nudge(to: str, reader_name: str, other_name: str, days: int) -> Email:
    body = (
        f"Dear {reader_name},\n\n"
        f"It has been {days} days since the last mentoring session between you and "
        f"{other_name} was logged. If you have met since, the mentor can log the session in "
        f"the app; if not, now may be a good time to arrange the next meeting.\n\n"
        f"We recommend meeting about once a month, but you are free to agree what suits you "
        f"both, and either of you can end the relationship if it has run its course."
    )
    return _compose("match_nudge", [to], "Time for your next mentoring session?", body)


def evaluation_reminder(to: str, mentee_name: str, mentor_name: str) -> Email:
    body = (
        f"Dear {mentee_name},\n\n"
        f"A gentle reminder: we would value your evaluation of your peer mentoring with "
        f"{mentor_name}. It takes a few minutes in the IMG Peer Mentoring app, helps us improve "
        f"the scheme, and supports your mentor's development. Your mentor only ever sees "
        f"anonymous totals.\n\n"
        f"This is the only reminder we will send."
    )
    return _compose("evaluation_reminder", [to], "Reminder: how did your peer mentoring go?", body)


def partner_left(to: str, reader_name: str, other_name: str, was_match: bool) -> Email:
    what = "your mentoring relationship" if was_match else "your match request"
    body = (
        f"Dear {reader_name},\n\n"
        f"{other_name} has closed their IMG Peer Mentoring account, so {what} with them has "
        f"ended.\n\n"
        f"You are free to continue with the scheme as before. If you would like to talk it "
        f"through, the Peer Mentoring Administrator is glad to help."
    )
    return _compose("partner_left", [to], "A change to your peer mentoring", body)
