"""Emails about a match request: asked, answered, withdrawn, chased up the ladder, expired."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from mentoring.domain.records import MENTOR_FULL, MatchRequestRecord, MenteeRecord
from mentoring.mail.compose import Context, Link, Written
from mentoring.mail.notices import Facts, Notice, to_administrator, to_mentee, to_mentor
from mentoring.wording import in_words, uk_deadline


class RequestFacts(Facts):
    """What every email about a request may name."""

    mentee_name: str
    mentor_name: str
    request_id: str
    respond_by: datetime

    @property
    def deadline(self) -> str:
        return uk_deadline(self.respond_by)

    def answer_links(self, context: Context) -> tuple[Link, ...]:
        accept, decline = context.links(self.request_id, self.respond_by)
        return (Link("Accept this request", accept), Link("Decline this request", decline, False))


def _request_facts(request: MatchRequestRecord) -> dict[str, Any]:
    return {
        "mentee_name": request.mentee_name,
        "mentor_name": request.mentor_name,
        "request_id": request.request_id,
        "respond_by": request.respond_by,
    }


def mentee_summary(mentee: MenteeRecord | None) -> str:
    if mentee is None:
        return "a trainee"
    return f"{mentee.grade}, {mentee.specialty}, {mentee.placement_site}"


# ---- asked ----------------------------------------------------------------------------------


class NewRequest(RequestFacts):
    """The mentor, with one-click accept and decline links."""

    kind: ClassVar[str] = "new_request"
    summary: str  # the mentee's grade, specialty and placement site
    message: str = ""

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentor_name},\n\n"
            f"{self.mentee_name} ({self.summary}) would like you to be their IMG peer mentor."
            f"\n\nPlease respond by {self.deadline}. Peer mentors are asked to respond to a match "
            f"request within {in_words(c.rules.response_working_days)} working days, so that no "
            f"mentee is left waiting.\n\n"
            f"Each link below opens a page where you can confirm your answer."
        )
        if self.message:
            body += f"\n\n{self.mentee_name} wrote:"
        return Written(
            f"New match request from {self.mentee_name}",
            body,
            self.answer_links(c),
            quote=self.message or None,
        )


def request_created(request: MatchRequestRecord, summary: str, now: datetime) -> list[Notice]:
    facts = NewRequest(**_request_facts(request), summary=summary, message=request.message)
    return [to_mentor(request, facts, now)]


# ---- accepted: the introduction ---------------------------------------------------------------


class RequestAccepted(RequestFacts):
    """The mentee: the mentor's name and address."""

    kind: ClassVar[str] = "request_accepted"
    contact_email: str = ""

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentee_name},\n\n"
            f"Good news: {self.mentor_name} has accepted your match request and will be your "
            f"IMG peer mentor.\n\n"
            f"Your mentor will contact you to organise your first meeting. You can reach "
            f"{self.mentor_name} at {self.contact_email or 'the address in the app'}.\n\n"
            f"You can have up to {in_words(c.rules.sessions_limit)} mentoring sessions, "
            f"face-to-face or virtual, arranged to suit you both; we recommend meeting about once "
            f"a month. After each meeting your mentor completes a confidential activity log, and "
            f"you can add your own notes to it."
        )
        return Written(f"{self.mentor_name} is your peer mentor", body)


class MenteeIntroduced(RequestFacts):
    """The mentor: the mentee's name, address and message, to make contact."""

    kind: ClassVar[str] = "mentee_introduced"
    contact_email: str = ""
    message: str = ""

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentor_name},\n\n"
            f"Thank you for accepting {self.mentee_name} as your peer mentee.\n\n"
            f"Please contact {self.mentee_name} at "
            f"{self.contact_email or 'the address in the app'} to organise your first meeting, "
            f"face-to-face or virtually, at a time that suits you both. You can have up to "
            f"{in_words(c.rules.sessions_limit)} mentoring sessions; we recommend meeting about "
            f"once a month. After each meeting, please complete the activity log in the app."
        )
        if self.message:
            body += f"\n\nWhen asking for a match, {self.mentee_name} wrote:"
        return Written(f"Your new mentee: {self.mentee_name}", body, quote=self.message or None)


def request_accepted(request: MatchRequestRecord, now: datetime) -> list[Notice]:
    """The introduction: each is given the other's name and email address."""
    facts = _request_facts(request)
    return [
        to_mentee(request, RequestAccepted(**facts, contact_email=request.mentor_email or ""), now),
        to_mentor(
            request,
            MenteeIntroduced(
                **facts, contact_email=request.mentee_email or "", message=request.message
            ),
            now,
        ),
    ]


# ---- declined, withdrawn -------------------------------------------------------------------


class RequestDeclined(RequestFacts):
    """The mentee, with the mentor's reason if they gave one."""

    kind: ClassVar[str] = "request_declined"
    reason: str = ""

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentee_name},\n\n"
            f"{self.mentor_name} is not able to take on a new mentee at the moment, so your "
            f"match request has been declined. This is no reflection on you.\n\n"
            f"You are free to choose another peer mentor from the directory straight away."
        )
        if self.reason:
            body += f"\n\n{self.mentor_name} added:"
        return Written(
            "Your match request: please choose another mentor", body, quote=self.reason or None
        )


def request_declined(
    request: MatchRequestRecord, reason: str | None, now: datetime
) -> list[Notice]:
    facts = RequestDeclined(**_request_facts(request), reason=reason or "")
    return [to_mentee(request, facts, now)]


class RequestAutoDeclined(RequestFacts):
    """The mentee, when the mentor became full (`mentor_full`) or unavailable."""

    kind: ClassVar[str] = "request_auto_declined"
    reason: str

    def write(self, c: Context) -> Written:
        why = (
            "has just taken on as many mentees as they can"
            if self.reason == MENTOR_FULL
            else "is not available as a peer mentor at the moment"
        )
        body = (
            f"Dear {self.mentee_name},\n\n"
            f"{self.mentor_name} {why}, so your match request has been closed rather than "
            f"leave you waiting.\n\n"
            f"Please choose another peer mentor from the directory; many are available."
        )
        return Written("Your match request: please choose another mentor", body)


def request_auto_declined(request: MatchRequestRecord, reason: str, now: datetime) -> list[Notice]:
    """Declined for the mentor: full (`mentor_full`) or suspended (`mentor_unavailable`)."""
    why = reason if reason == MENTOR_FULL else "mentor_unavailable"
    return [to_mentee(request, RequestAutoDeclined(**_request_facts(request), reason=why), now)]


class RequestWithdrawn(RequestFacts):
    """The mentor, when the mentee withdraws."""

    kind: ClassVar[str] = "request_withdrawn"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentor_name},\n\n"
            f"{self.mentee_name} has withdrawn their match request, so it no longer needs an "
            f"answer. Thank you for your time."
        )
        return Written("A match request has been withdrawn", body)


def request_withdrawn(request: MatchRequestRecord, now: datetime) -> list[Notice]:
    return [to_mentor(request, RequestWithdrawn(**_request_facts(request)), now)]


# ---- the reminder ladder --------------------------------------------------------------------


class Reminder(RequestFacts):
    """The mentor, once the deadline has passed, with the links again."""

    kind: ClassVar[str] = "reminder"
    second: ClassVar[bool] = False
    summary: str = ""

    def write(self, c: Context) -> Written:
        opening = "A second reminder" if self.second else "A gentle reminder"
        who = f"{self.mentee_name} ({self.summary})" if self.summary else self.mentee_name
        body = (
            f"Dear {self.mentor_name},\n\n"
            f"{opening}: {who} asked you to be their IMG peer mentor and is waiting "
            f"for your answer, which was due by {self.deadline}.\n\n"
            f"Please accept or decline using the links below, so that {self.mentee_name} can "
            f"move on if you are unable to help."
        )
        if self.second:
            body += "\n\nThe scheme administrator has been told that this request is overdue."
        subject = (
            f"Second reminder: {self.mentee_name} is still waiting for your answer"
            if self.second
            else f"Reminder: {self.mentee_name} is waiting for your answer"
        )
        return Written(subject, body, self.answer_links(c))


class SecondReminder(Reminder):
    """The mentor, some working days later still; the administrator is told too."""

    kind: ClassVar[str] = "second_reminder"
    second: ClassVar[bool] = True


class OverdueAlert(RequestFacts):
    """The administrator, with the second reminder."""

    kind: ClassVar[str] = "overdue_alert"

    def write(self, c: Context) -> Written:
        body = (
            f"Match request {self.request_id} from {self.mentee_name} to {self.mentor_name} has "
            f"not been answered. It was due by {self.deadline}; the mentor has now had two "
            f"reminders.\n\n"
            f"If it is still unanswered it will expire automatically and the mentee will be "
            f"asked to choose another mentor."
        )
        return Written(f"Overdue match request: {self.mentor_name}", body)


def request_reminder(
    request: MatchRequestRecord, summary: str, second: bool, now: datetime
) -> list[Notice]:
    """The mentor's reminder (with links); with the second, the administrator is told."""
    facts = _request_facts(request)
    if not second:
        return [to_mentor(request, Reminder(**facts, summary=summary), now)]
    return [
        to_mentor(request, SecondReminder(**facts, summary=summary), now),
        to_administrator(OverdueAlert(**facts), now, (request.mentee_id, request.mentor_id)),
    ]


# ---- expired --------------------------------------------------------------------------------


class RequestExpiredMentee(RequestFacts):
    kind: ClassVar[str] = "request_expired_mentee"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentee_name},\n\n"
            f"We are sorry: {self.mentor_name} has not answered your match request in time, so "
            f"it has now closed.\n\n"
            f"Please choose another peer mentor from the directory. If you would like help "
            f"finding the right mentor, the Peer Mentoring Administrator is glad to help."
        )
        return Written("Your match request has expired: please choose again", body)


class RequestExpiredMentor(RequestFacts):
    kind: ClassVar[str] = "request_expired_mentor"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentor_name},\n\n"
            f"The match request from {self.mentee_name} has expired without an answer, and "
            f"they have been asked to choose another mentor.\n\n"
            f"If you cannot take on mentees for a while, you can pause new requests in your "
            f"mentor profile (accepting requests: off)."
        )
        return Written("A match request has expired", body)


class RequestExpiredAdmin(RequestFacts):
    kind: ClassVar[str] = "request_expired_admin"

    def write(self, c: Context) -> Written:
        body = (
            f"Match request {self.request_id} from {self.mentee_name} to {self.mentor_name} "
            f"expired unanswered (it was due by {self.deadline}). The mentee has been asked to "
            f"choose another mentor."
        )
        return Written(f"Expired match request: {self.mentor_name}", body)


def request_expired(request: MatchRequestRecord, now: datetime) -> list[Notice]:
    """The mentee, the mentor and the administrator."""
    facts = _request_facts(request)
    return [
        to_mentee(request, RequestExpiredMentee(**facts), now),
        to_mentor(request, RequestExpiredMentor(**facts), now),
        to_administrator(RequestExpiredAdmin(**facts), now, (request.mentee_id, request.mentor_id)),
    ]
