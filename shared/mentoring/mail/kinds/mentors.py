"""Emails about a mentor's standing with the scheme: an application, approval, suspension, an
application declined."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from mentoring.domain.records import MentorRecord
from mentoring.mail.compose import Context, Written
from mentoring.mail.notices import Facts, Notice, notice, to_administrator
from mentoring.wording import in_words


class MentorApplied(Facts):
    """The administrator: who applied (name, grade, specialty, site), to vet in the console."""

    kind: ClassVar[str] = "mentor_applied"
    mentor_name: str
    user_id: str
    summary: str

    def write(self, c: Context) -> Written:
        body = (
            f"{self.mentor_name} ({self.summary}) has applied to be an IMG peer mentor.\n\n"
            f"Please check their training and profile. If they meet the scheme's criteria, "
            f"approve the application in the administration app, where it is listed with the "
            f"applications waiting for you (mentor id {self.user_id}). Until it is approved, "
            f"they do not appear in the directory."
        )
        return Written(f"New peer mentor application: {self.mentor_name}", body)


def mentor_applied(mentor: MentorRecord, now: datetime) -> list[Notice]:
    facts = MentorApplied(
        mentor_name=mentor.name,
        user_id=mentor.user_id,
        summary=f"{mentor.grade}, {mentor.specialty}, {mentor.placement_site}",
    )
    return [to_administrator(facts, now, about=(mentor.user_id,))]


class MentorApproved(Facts):
    kind: ClassVar[str] = "mentor_approved"
    mentor_name: str

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentor_name},\n\n"
            f"Welcome: your application has been approved, and your profile now appears in the "
            f"directory of IMG peer mentors. Mentees may send you match requests, which you are "
            f"asked to answer within {in_words(c.rules.response_working_days)} working days."
            f"\n\nYou can pause new requests at any time in your mentor profile (accepting "
            f"requests: off). Thank you for supporting your fellow IMGs."
        )
        return Written("You are now an IMG peer mentor", body)


class MentorSuspended(Facts):
    kind: ClassVar[str] = "mentor_suspended"
    mentor_name: str

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentor_name},\n\n"
            f"Your IMG peer mentor profile has been paused by the scheme administrator, so it "
            f"no longer appears in the directory and you will receive no new match requests. "
            f"Any mentee who was waiting for your answer has been asked to choose another "
            f"mentor.\n\n"
            f"If you were not expecting this, please contact the Peer Mentoring Administrator."
        )
        return Written("Your peer mentor profile has been paused", body)


class ApplicationDeclined(Facts):
    kind: ClassVar[str] = "application_declined"
    mentor_name: str
    reason: str = ""

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentor_name},\n\n"
            f"Thank you for applying to be an IMG peer mentor. We are sorry that your "
            f"application has not been selected this time."
        )
        if self.reason:
            body += " The scheme administrator gave this reason:"
        body += (
            "\n\nYour mentee registration, if you have one, is not affected. If you would like "
            "to talk about your application, please contact the Peer Mentoring Administrator."
        )
        return Written("Your peer mentor application", body, quote=self.reason or None)


def application_declined(mentor: MentorRecord, reason: str | None, now: datetime) -> list[Notice]:
    facts = ApplicationDeclined(mentor_name=mentor.name, reason=reason or "")
    return [notice(facts, now, to=mentor.email, about=(mentor.user_id,))]


def mentor_status_changed(mentor: MentorRecord, approved: bool, now: datetime) -> list[Notice]:
    facts = (MentorApproved if approved else MentorSuspended)(mentor_name=mentor.name)
    return [notice(facts, now, to=mentor.email, about=(mentor.user_id,))]
