"""The scheme's emails: plain text and HTML from one template each, in the scheme's own voice.

`render` turns a notice (mentoring.mail.notices) into the email it stands for. No email carries
more than its reader needs; the administrator's never carry a mentee's message, and none
carries a session's content, anyone's notes or an evaluation's comments.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from string import Template

from mentoring.clock import LONDON
from mentoring.config import SchemeRules
from mentoring.domain.records import MENTOR_FULL
from mentoring.mail.message import Email
from mentoring.mail.notices import Facts, Kind, MeetingFacts, Notice
from mentoring.mail.styles import (
    BLUE,
    PRIMARY_BUTTON,
    QUOTE_STYLE,
    SECONDARY_BUTTON,
    SECONDARY_TEXT,
    TEXT,
)
from mentoring.wording import in_words, ordinal, uk_date, uk_deadline, uk_time

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
    return Email(to=(), subject=subject, text=text, html=page, kind="")


class NotRenderable(ValueError):
    """A notice lacks what its email needs (a stored notice from an older or broken writer)."""


@dataclass(frozen=True)
class Context:
    """What rendering needs besides the notice: the scheme's numbers as deployed, the
    administrator's address, and accept/decline links for a request (signed when made)."""

    rules: SchemeRules
    admin_email: str
    links: Callable[[Facts], tuple[str, str]]


def render(notice: Notice, context: Context) -> Email:
    write = _WRITERS.get(notice.kind)
    if write is None:
        raise NotRenderable(notice.kind)
    email = write(notice.facts, context)
    to = (context.admin_email,) if notice.to_administrator else notice.to
    attachments = email.attachments
    if notice.kind in (Kind.MEETING_CONFIRMED, Kind.MEETING_CANCELLED):
        # Only meeting emails need the calendar library: imported here, not at a cold start.
        from mentoring.mail.invitations import calendar_file  # noqa: PLC0415

        cancel = notice.kind is Kind.MEETING_CANCELLED
        # Stamped with when the change happened, so a retried send makes the same file.
        attachments += (calendar_file(_meeting(notice.facts), cancel, notice.created_at),)
    return Email(
        to=to,
        subject=email.subject,
        text=email.text,
        html=email.html,
        kind=notice.kind.value,
        attachments=attachments,
    )


def _deadline(facts: Facts) -> str:
    if facts.respond_by is None:
        raise NotRenderable("respond_by")
    return uk_deadline(facts.respond_by)


def _answer_links(facts: Facts, context: Context) -> list[Link]:
    accept, decline = context.links(facts)
    return [Link("Accept this request", accept), Link("Decline this request", decline, False)]


# ---- match requests -------------------------------------------------------------------------


def _new_request(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentor_name},\n\n"
        f"{f.mentee_name} ({f.summary}) would like you to be their IMG peer mentor.\n\n"
        f"Please respond by {_deadline(f)}. Peer mentors are asked to respond to a match "
        f"request within {in_words(c.rules.response_working_days)} working days, so that no "
        f"mentee is left waiting.\n\n"
        f"Each link below opens a page where you can confirm your answer."
    )
    if f.message:
        body += f"\n\n{f.mentee_name} wrote:"
    return _compose(
        f"New match request from {f.mentee_name}",
        body,
        _answer_links(f, c),
        quote=f.message or None,
    )


def _request_accepted(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentee_name},\n\n"
        f"Good news: {f.mentor_name} has accepted your match request and will be your IMG peer "
        f"mentor.\n\n"
        f"Your mentor will contact you to organise your first meeting. You can reach "
        f"{f.mentor_name} at {f.contact_email or 'the address in the app'}.\n\n"
        f"You can have up to {in_words(c.rules.sessions_limit)} mentoring sessions, "
        f"face-to-face or virtual, arranged to suit you both; we recommend meeting about once "
        f"a month. After each meeting your mentor completes a confidential activity log, and "
        f"you can add your own notes to it."
    )
    return _compose(f"{f.mentor_name} is your peer mentor", body)


def _mentee_introduced(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentor_name},\n\n"
        f"Thank you for accepting {f.mentee_name} as your peer mentee.\n\n"
        f"Please contact {f.mentee_name} at {f.contact_email or 'the address in the app'} to "
        f"organise your first meeting, face-to-face or virtually, at a time that suits you "
        f"both. You can have up to {in_words(c.rules.sessions_limit)} mentoring sessions; we "
        f"recommend meeting about once a month. After each meeting, please complete the "
        f"activity log in the app."
    )
    if f.message:
        body += f"\n\nWhen asking for a match, {f.mentee_name} wrote:"
    return _compose(
        f"Your new mentee: {f.mentee_name}",
        body,
        quote=f.message or None,
    )


def _request_declined(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentee_name},\n\n"
        f"{f.mentor_name} is not able to take on a new mentee at the moment, so your match "
        f"request has been declined. This is no reflection on you.\n\n"
        f"You are free to choose another peer mentor from the directory straight away."
    )
    if f.reason:
        body += f"\n\n{f.mentor_name} added:"
    return _compose(
        "Your match request: please choose another mentor",
        body,
        quote=f.reason or None,
    )


def _request_auto_declined(f: Facts, c: Context) -> Email:
    why = (
        "has just taken on as many mentees as they can"
        if f.reason == MENTOR_FULL
        else "is not available as a peer mentor at the moment"
    )
    body = (
        f"Dear {f.mentee_name},\n\n"
        f"{f.mentor_name} {why}, so your match request has been closed rather than leave you "
        f"waiting.\n\n"
        f"Please choose another peer mentor from the directory; many are available."
    )
    return _compose("Your match request: please choose another mentor", body)


def _request_withdrawn(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentor_name},\n\n"
        f"{f.mentee_name} has withdrawn their match request, so it no longer needs an answer. "
        f"Thank you for your time."
    )
    return _compose("A match request has been withdrawn", body)


def _reminder(f: Facts, c: Context, second: bool) -> Email:
    opening = "A second reminder" if second else "A gentle reminder"
    body = (
        f"Dear {f.mentor_name},\n\n"
        f"{opening}: {f.mentee_name} asked you to be their IMG peer mentor and is waiting for "
        f"your answer, which was due by {_deadline(f)}.\n\n"
        f"Please accept or decline using the links below, so that {f.mentee_name} can move on "
        f"if you are unable to help."
    )
    if second:
        body += "\n\nThe scheme administrator has been told that this request is overdue."
    subject = (
        f"Second reminder: {f.mentee_name} is still waiting for your answer"
        if second
        else f"Reminder: {f.mentee_name} is waiting for your answer"
    )
    return _compose(subject, body, _answer_links(f, c))


def _overdue_alert(f: Facts, c: Context) -> Email:
    body = (
        f"Match request {f.request_id} from {f.mentee_name} to {f.mentor_name} has not been "
        f"answered. It was due by {_deadline(f)}; the mentor has now had two reminders.\n\n"
        f"If it is still unanswered it will expire automatically and the mentee will be asked "
        f"to choose another mentor."
    )
    return _compose(f"Overdue match request: {f.mentor_name}", body)


def _expired_for_mentee(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentee_name},\n\n"
        f"We are sorry: {f.mentor_name} has not answered your match request in time, so it has "
        f"now closed.\n\n"
        f"Please choose another peer mentor from the directory. If you would like help finding "
        f"the right mentor, the Peer Mentoring Administrator is glad to help."
    )
    return _compose("Your match request has expired: please choose again", body)


def _expired_for_mentor(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentor_name},\n\n"
        f"The match request from {f.mentee_name} has expired without an answer, and they have "
        f"been asked to choose another mentor.\n\n"
        f"If you cannot take on mentees for a while, you can pause new requests in your mentor "
        f"profile (accepting requests: off)."
    )
    return _compose("A match request has expired", body)


def _expired_for_admin(f: Facts, c: Context) -> Email:
    body = (
        f"Match request {f.request_id} from {f.mentee_name} to {f.mentor_name} expired "
        f"unanswered (it was due by {_deadline(f)}). The mentee has been asked to choose "
        f"another mentor."
    )
    return _compose(f"Expired match request: {f.mentor_name}", body)


# ---- matches --------------------------------------------------------------------------------


def _evaluation_invitation(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentee_name},\n\n"
        f"Your peer mentoring relationship with {f.mentor_name} has now ended. Thank you for "
        f"taking part in the IMG Peer Mentoring Scheme.\n\n"
        f"Please take a few minutes to complete the evaluation form in the IMG Peer Mentoring "
        f"app, reflecting on your experience and the support of your peer mentor. It helps us "
        f"improve the scheme and supports your mentor's professional development. Your answers "
        f"are only ever shared with your mentor as part of anonymous totals."
    )
    return _compose("Please tell us how your peer mentoring went", body)


def _match_ended(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentor_name},\n\n"
        f"Your peer mentoring relationship with {f.mentee_name} has now ended. Thank you for "
        f"the time and care you have given as an IMG peer mentor.\n\n"
        f"{f.mentee_name} has been invited to evaluate the relationship. You will see the "
        f"results only as anonymous totals, once at least three mentees have given feedback."
    )
    return _compose(f"Your mentoring with {f.mentee_name} has ended", body)


def _session_logged(f: Facts, c: Context) -> Email:
    which = (
        f"your {ordinal(f.session_number)} mentoring session"
        if f.session_number
        else "your mentoring session"
    )
    body = (
        f"Dear {f.mentee_name},\n\n"
        f"{f.mentor_name} has completed the activity log for {which}.\n\n"
        f"You can read it in the IMG Peer Mentoring app and add your own notes to it. The log "
        f"is a confidential record for the two of you."
    )
    return _compose("Your activity log is ready for your notes", body)


def _nudge(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.reader_name},\n\n"
        f"It has been {f.days} days since the last mentoring session between you and "
        f"{f.other_name} was logged. If you have met since, the mentor can log the session in "
        f"the app; if not, now may be a good time to arrange the next meeting.\n\n"
        f"We recommend meeting about once a month, but you are free to agree what suits you "
        f"both, and either of you can end the relationship if it has run its course."
    )
    return _compose("Time for your next mentoring session?", body)


def _evaluation_reminder(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentee_name},\n\n"
        f"A gentle reminder: we would value your evaluation of your peer mentoring with "
        f"{f.mentor_name}. It takes a few minutes in the IMG Peer Mentoring app, helps us improve "
        f"the scheme, and supports your mentor's development. Your mentor only ever sees "
        f"anonymous totals.\n\n"
        f"This is the only reminder we will send."
    )
    return _compose("Reminder: how did your peer mentoring go?", body)


def _partner_left(f: Facts, c: Context) -> Email:
    what = "your mentoring relationship" if f.was_match else "your match request"
    body = (
        f"Dear {f.reader_name},\n\n"
        f"{f.other_name} has closed their IMG Peer Mentoring account, so {what} with them has "
        f"ended.\n\n"
        f"You are free to continue with the scheme as before. If you would like to talk it "
        f"through, the Peer Mentoring Administrator is glad to help."
    )
    return _compose("A change to your peer mentoring", body)


# ---- mentors --------------------------------------------------------------------------------


def _mentor_applied(f: Facts, c: Context) -> Email:
    body = (
        f"{f.mentor_name} ({f.summary}) has applied to be an IMG peer mentor.\n\n"
        f"Please check their training and profile, then approve or decline the application "
        f"(mentor id {f.user_id}: POST /admin/mentors/{f.user_id}/approve)."
    )
    return _compose(f"New peer mentor application: {f.mentor_name}", body)


def _mentor_approved(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentor_name},\n\n"
        f"Welcome: your application has been approved, and your profile now appears in the "
        f"directory of IMG peer mentors. Mentees may send you match requests, which you are "
        f"asked to answer within {in_words(c.rules.response_working_days)} working days.\n\n"
        f"You can pause new requests at any time in your mentor profile (accepting requests: "
        f"off). Thank you for supporting your fellow IMGs."
    )
    return _compose("You are now an IMG peer mentor", body)


def _mentor_suspended(f: Facts, c: Context) -> Email:
    body = (
        f"Dear {f.mentor_name},\n\n"
        f"Your IMG peer mentor profile has been paused by the scheme administrator, so it no "
        f"longer appears in the directory and you will receive no new match requests. Any "
        f"mentee who was waiting for your answer has been asked to choose another mentor.\n\n"
        f"If you were not expecting this, please contact the Peer Mentoring Administrator."
    )
    return _compose("Your peer mentor profile has been paused", body)


# ---- meetings -------------------------------------------------------------------------------


def _meeting(facts: Facts) -> MeetingFacts:
    if facts.meeting is None:
        raise NotRenderable("meeting")
    return facts.meeting


def _when(meeting: MeetingFacts) -> str:
    """ "Tuesday 1 December 2026 at 10am (UK time), for 60 minutes"."""
    local = meeting.starts_at.astimezone(LONDON)
    return (
        f"{uk_date(local.date())} at {uk_time(local)} (UK time), "
        f"for {meeting.duration_minutes} minutes"
    )


def _where(meeting: MeetingFacts) -> str:
    if meeting.mode == "virtual":
        return f"virtually, at {meeting.place}"
    return f"face to face, at {meeting.place}"


def _meeting_proposed(f: Facts, c: Context) -> Email:
    m = _meeting(f)
    body = (
        f"Dear {f.reader_name},\n\n"
        f"{f.other_name} would like to meet on {_when(m)}, {_where(m)}.\n\n"
        f"Please confirm or decline in the IMG Peer Mentoring app. Once you confirm, you will "
        f"both be sent a calendar invitation."
    )
    if m.note:
        body += f"\n\n{f.other_name} wrote:"
    return _compose(f"{f.other_name} proposes a meeting", body, quote=m.note or None)


def _meeting_declined(f: Facts, c: Context) -> Email:
    m = _meeting(f)
    body = (
        f"Dear {f.reader_name},\n\n"
        f"{f.other_name} cannot make the meeting you proposed for {_when(m)}.\n\n"
        f"Please propose another time in the IMG Peer Mentoring app."
    )
    return _compose("Your proposed meeting: please suggest another time", body)


def _meeting_confirmed(f: Facts, c: Context) -> Email:
    m = _meeting(f)
    body = (
        f"Dear {f.reader_name},\n\n"
        f"Your mentoring meeting with {f.other_name} is confirmed: {_when(m)}, {_where(m)}.\n\n"
        f"The calendar invitation is attached (invite.ics): open it, or use your email app's "
        f"calendar buttons, to add the meeting to your calendar. If plans change, either of "
        f"you can cancel it in the app, and your calendar will be updated."
    )
    return _compose(f"Meeting confirmed: {f.other_name}", body)


def _meeting_cancelled(f: Facts, c: Context) -> Email:
    m = _meeting(f)
    body = (
        f"Dear {f.reader_name},\n\n"
        f"Your mentoring meeting with {f.other_name} on {_when(m)} has been cancelled.\n\n"
        f"The cancellation is attached (invite.ics): opening it removes the meeting from your "
        f"calendar. You can propose a new time in the IMG Peer Mentoring app."
    )
    return _compose(f"Meeting cancelled: {f.other_name}", body)


def _meeting_withdrawn(f: Facts, c: Context) -> Email:
    m = _meeting(f)
    body = (
        f"Dear {f.reader_name},\n\n"
        f"The meeting proposed for {_when(m)} with {f.other_name} has been withdrawn, so it "
        f"needs no answer."
    )
    return _compose(f"Proposed meeting withdrawn: {f.other_name}", body)


def _meeting_reminder(f: Facts, c: Context) -> Email:
    m = _meeting(f)
    body = (
        f"Dear {f.reader_name},\n\n"
        f"A reminder of your mentoring meeting with {f.other_name}: {_when(m)}, {_where(m)}."
        f"\n\nIf you can no longer make it, please cancel it in the app so that "
        f"{f.other_name} knows."
    )
    return _compose(f"Reminder: meeting with {f.other_name}", body)


_WRITERS: dict[Kind, Callable[[Facts, Context], Email]] = {
    Kind.NEW_REQUEST: _new_request,
    Kind.REQUEST_ACCEPTED: _request_accepted,
    Kind.MENTEE_INTRODUCED: _mentee_introduced,
    Kind.REQUEST_DECLINED: _request_declined,
    Kind.REQUEST_AUTO_DECLINED: _request_auto_declined,
    Kind.REQUEST_WITHDRAWN: _request_withdrawn,
    Kind.REMINDER: lambda f, c: _reminder(f, c, second=False),
    Kind.SECOND_REMINDER: lambda f, c: _reminder(f, c, second=True),
    Kind.OVERDUE_ALERT: _overdue_alert,
    Kind.REQUEST_EXPIRED_MENTEE: _expired_for_mentee,
    Kind.REQUEST_EXPIRED_MENTOR: _expired_for_mentor,
    Kind.REQUEST_EXPIRED_ADMIN: _expired_for_admin,
    Kind.EVALUATION_INVITATION: _evaluation_invitation,
    Kind.MATCH_ENDED: _match_ended,
    Kind.SESSION_LOGGED: _session_logged,
    Kind.MATCH_NUDGE: _nudge,
    Kind.EVALUATION_REMINDER: _evaluation_reminder,
    Kind.PARTNER_LEFT: _partner_left,
    Kind.MENTOR_APPLIED: _mentor_applied,
    Kind.MENTOR_APPROVED: _mentor_approved,
    Kind.MENTOR_SUSPENDED: _mentor_suspended,
    Kind.MEETING_PROPOSED: _meeting_proposed,
    Kind.MEETING_DECLINED: _meeting_declined,
    Kind.MEETING_CONFIRMED: _meeting_confirmed,
    Kind.MEETING_CANCELLED: _meeting_cancelled,
    Kind.MEETING_WITHDRAWN: _meeting_withdrawn,
    Kind.MEETING_REMINDER: _meeting_reminder,
}
