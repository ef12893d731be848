"""Emails about a mentee's place on a mentor's waiting list: a place offered, an offer lapsed."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from mentoring.domain.records import WaitingEntryRecord
from mentoring.mail.compose import Context, Written
from mentoring.mail.notices import Facts, Notice, notice
from mentoring.wording import uk_deadline


class WaitingFacts(Facts):
    mentee_name: str
    mentor_name: str


class PlaceOffered(WaitingFacts):
    """The first mentee in line, when the mentor has a place for them."""

    kind: ClassVar[str] = "place_offered"
    offer_expires_at: datetime

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentee_name},\n\n"
            f"Good news: {self.mentor_name}, whose waiting list you joined, now has a place "
            f"for a new mentee, and it is held for you until "
            f"{uk_deadline(self.offer_expires_at)}.\n\n"
            f"To take it up, send {self.mentor_name} a match request from their profile in the "
            f"app before then; they will answer it as usual. If you no longer need the place, "
            f"leave the waiting list and it passes to the next mentee in line."
        )
        return Written(f"A place with {self.mentor_name} is held for you", body)


def place_offered(entry: WaitingEntryRecord, expires_at: datetime, now: datetime) -> list[Notice]:
    facts = PlaceOffered(
        mentee_name=entry.mentee_name,
        mentor_name=entry.mentor_name,
        offer_expires_at=expires_at,
    )
    return _to_mentee(entry, facts, now)


class OfferLapsed(WaitingFacts):
    """The mentee, when the place held for them passed to the next in line."""

    kind: ClassVar[str] = "offer_lapsed"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.mentee_name},\n\n"
            f"The place with {self.mentor_name} that was held for you was not taken up in "
            f"time, so it has been offered to the next mentee in line and you have left "
            f"{self.mentor_name}'s waiting list.\n\n"
            f"You are welcome to choose another peer mentor from the directory, or to join "
            f"the waiting list again."
        )
        return Written(f"Your place with {self.mentor_name} has passed on", body)


def offer_lapsed(entry: WaitingEntryRecord, now: datetime) -> list[Notice]:
    facts = OfferLapsed(mentee_name=entry.mentee_name, mentor_name=entry.mentor_name)
    return _to_mentee(entry, facts, now)


def _to_mentee(entry: WaitingEntryRecord, facts: Facts, now: datetime) -> list[Notice]:
    return [notice(facts, now, to=entry.mentee_email, about=(entry.mentee_id, entry.mentor_id))]
