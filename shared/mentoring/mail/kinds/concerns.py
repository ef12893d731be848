"""Emails about a concern raised with the administrator. None carries its text, or says whom it
is about: the administrator reads it in the administration app, the raiser in theirs."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from mentoring.domain.records import ConcernCategory, ConcernRecord
from mentoring.mail.compose import Context, Written
from mentoring.mail.notices import Facts, Notice, notice, to_administrator

_CATEGORY = {
    ConcernCategory.SAFEGUARDING: "safeguarding",
    ConcernCategory.PROFESSIONAL_CONDUCT: "professional conduct",
    ConcernCategory.WELLBEING: "wellbeing",
    ConcernCategory.OTHER: "other",
}


class ConcernRaised(Facts):
    """The administrator: a concern is waiting (its id and category only)."""

    kind: ClassVar[str] = "concern_raised"
    concern_id: str
    category: ConcernCategory

    def write(self, c: Context) -> Written:
        category = _CATEGORY[self.category]
        body = (
            f"A participant has raised a concern ({category}) with the scheme.\n\n"
            f"Please read it in the administration app, where it is listed with the open "
            f"concerns (concern id {self.concern_id}), and record your response there. The "
            f"person who raised it will be told when there is an update."
        )
        return Written(f"A concern has been raised ({category})", body)


class ConcernAcknowledged(Facts):
    """The raiser: it has reached the administrator."""

    kind: ClassVar[str] = "concern_acknowledged"
    raiser_name: str

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.raiser_name},\n\n"
            f"Thank you for raising your concern. It has reached the Peer Mentoring "
            f"Administrator, who will look into it and respond in the app; we will email "
            f"you when there is an update. What you wrote is seen by the administrator only, "
            f"and no one it is about is told by the system.\n\n"
            f"If someone is at immediate risk of harm, please do not wait: contact your "
            f"local safeguarding team or the emergency services."
        )
        return Written("We have received your concern", body)


class ConcernAnswered(Facts):
    """The raiser: the administrator has responded (never the response itself)."""

    kind: ClassVar[str] = "concern_answered"
    raiser_name: str
    closed: bool

    def write(self, c: Context) -> Written:
        outcome = (
            " and closed the concern" if self.closed else "; the concern remains open with them"
        )
        body = (
            f"Dear {self.raiser_name},\n\n"
            f"The Peer Mentoring Administrator has responded to the concern you raised"
            f"{outcome}. Please sign in to the app to read their response."
        )
        return Written("There is an update on your concern", body)


def concern_raised(record: ConcernRecord, now: datetime) -> list[Notice]:
    """The administrator's notice (about no one: it names no one) and the raiser's."""
    return [
        to_administrator(
            ConcernRaised(concern_id=record.concern_id, category=record.category), now, about=()
        ),
        notice(
            ConcernAcknowledged(raiser_name=record.raiser_name),
            now,
            to=record.raiser_email,
            about=(record.raiser_id,),
        ),
    ]


def concern_answered(record: ConcernRecord, closed: bool, now: datetime) -> list[Notice]:
    facts = ConcernAnswered(raiser_name=record.raiser_name, closed=closed)
    return [notice(facts, now, to=record.raiser_email, about=(record.raiser_id,))]
