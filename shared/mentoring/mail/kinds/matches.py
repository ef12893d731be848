"""Emails about a match under way and after it ends: an activity log to annotate, a nudge
after a quiet spell, the end (the mentee's evaluation invitation), the evaluation reminder."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from mentoring.domain.records import MatchRecord
from mentoring.mail.compose import Context, Written
from mentoring.mail.notices import Facts, Notice, to_mentee, to_mentor
from mentoring.wording import ordinal


class MatchFacts(Facts):
    """What every email about a match may name."""

    mentee_name: str
    mentor_name: str
    match_id: str


def _match_facts(match: MatchRecord) -> dict[str, Any]:
    return {
        "mentee_name": match.mentee_name,
        "mentor_name": match.mentor_name,
        "match_id": match.match_id,
    }


# ---- ended ----------------------------------------------------------------------------------


class EvaluationInvitation(MatchFacts):
    """The mentee, when a match ends: please evaluate it."""

    kind: ClassVar[str] = "evaluation_invitation"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentee_name},\n\n"
            f"Your peer mentoring relationship with {self.mentor_name} has now ended. Thank you "
            f"for taking part in the IMG Peer Mentoring Scheme.\n\n"
            f"Please take a few minutes to complete the evaluation form in the IMG Peer "
            f"Mentoring app, reflecting on your experience and the support of your peer mentor. "
            f"It helps us improve the scheme and supports your mentor's professional "
            f"development. Your answers are only ever shared with your mentor as part of "
            f"anonymous totals."
        )
        return Written("Please tell us how your peer mentoring went", body)


class MatchEnded(MatchFacts):
    """The mentor, when a match ends."""

    kind: ClassVar[str] = "match_ended"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentor_name},\n\n"
            f"Your peer mentoring relationship with {self.mentee_name} has now ended. Thank you "
            f"for the time and care you have given as an IMG peer mentor.\n\n"
            f"{self.mentee_name} has been invited to evaluate the relationship. You will see the "
            f"results only as anonymous totals, once at least three mentees have given feedback."
        )
        return Written(f"Your mentoring with {self.mentee_name} has ended", body)


def match_ended(match: MatchRecord, now: datetime) -> list[Notice]:
    """Both parties; the mentee's email is the evaluation invitation."""
    facts = _match_facts(match)
    return [
        to_mentee(match, EvaluationInvitation(**facts), now),
        to_mentor(match, MatchEnded(**facts), now),
    ]


# ---- under way ------------------------------------------------------------------------------


class SessionLogged(MatchFacts):
    """The mentee: a new activity log to add their notes to (never what it says)."""

    kind: ClassVar[str] = "session_logged"
    session_number: int

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentee_name},\n\n"
            f"{self.mentor_name} has completed the activity log for your "
            f"{ordinal(self.session_number)} mentoring session.\n\n"
            f"You can read it in the IMG Peer Mentoring app and add your own notes to it. The "
            f"log is a confidential record for the two of you."
        )
        return Written("Your activity log is ready for your notes", body)


def session_logged(match: MatchRecord, number: int, now: datetime) -> list[Notice]:
    return [to_mentee(match, SessionLogged(**_match_facts(match), session_number=number), now)]


class MatchNudge(MatchFacts):
    """Either party, after a quiet spell with no session logged (since the match began, or
    since the last session)."""

    kind: ClassVar[str] = "match_nudge"
    reader_name: str
    other_name: str
    days: int
    sessions_logged: int = 0

    def write(self, c: Context) -> Written:
        if self.sessions_logged:
            quiet = (
                f"It has been {self.days} days since the last mentoring session between you and "
                f"{self.other_name} was logged. If you have met since, the mentor can log the "
                f"session in the app; if not, now may be a good time to arrange the next meeting."
            )
        else:
            quiet = (
                f"You and {self.other_name} were matched {self.days} days ago, and no mentoring "
                f"session has been logged yet. If you have met, the mentor can log the session "
                f"in the app; if not, now may be a good time to arrange your first meeting."
            )
        body = (
            f"Dear {self.reader_name},\n\n{quiet}"
            f"\n\nWe recommend meeting about once a month, but you are free to agree what suits "
            f"you both, and either of you can end the relationship if it has run its course."
        )
        return Written("Time for your next mentoring session?", body)


def match_nudge(match: MatchRecord, days: int, now: datetime) -> list[Notice]:
    facts = _match_facts(match) | {"days": days, "sessions_logged": match.sessions_used}
    return [
        to_mentee(
            match,
            MatchNudge(**facts, reader_name=match.mentee_name, other_name=match.mentor_name),
            now,
        ),
        to_mentor(
            match,
            MatchNudge(**facts, reader_name=match.mentor_name, other_name=match.mentee_name),
            now,
        ),
    ]


class EvaluationReminder(MatchFacts):
    """The mentee, once, when their evaluation is still missing."""

    kind: ClassVar[str] = "evaluation_reminder"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentee_name},\n\n"
            f"A gentle reminder: we would value your evaluation of your peer mentoring with "
            f"{self.mentor_name}. It takes a few minutes in the IMG Peer Mentoring app, helps us "
            f"improve the scheme, and supports your mentor's development. Your mentor only ever "
            f"sees anonymous totals.\n\n"
            f"This is the only reminder we will send."
        )
        return Written("Reminder: how did your peer mentoring go?", body)


def evaluation_reminder(match: MatchRecord, now: datetime) -> list[Notice]:
    return [to_mentee(match, EvaluationReminder(**_match_facts(match)), now)]
