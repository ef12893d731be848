"""Emails about a person's standing: something falling due, a lapse (the administrator told of
a mentor's), and a new Code of Practice to agree to."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from mentoring.domain.records import CodeOfPracticeRecord, ProfileRecord
from mentoring.domain.standing import Reason, ReasonCode
from mentoring.mail.compose import Context, Link, Written
from mentoring.mail.notices import Facts, Notice, notice, to_administrator
from mentoring.wording import uk_date

_DUE = {
    ReasonCode.CODE_NOT_AGREED: "agree to the current Ethical Framework and Code of Practice",
    ReasonCode.TRAINING_DUE: "renew your peer mentoring training (a refresher course)",
    ReasonCode.TRAINING_LAPSED: "renew your peer mentoring training (a refresher course)",
    ReasonCode.SUPERVISION_DUE: "attend a supervision session",
}


class StandingItem(BaseModel):
    """One thing to put right, and by when."""

    model_config = ConfigDict(frozen=True)

    code: ReasonCode
    by: date


def _lines(items: tuple[StandingItem, ...]) -> str:
    return "\n".join(f"- {_DUE[item.code]}, by {uk_date(item.by)}" for item in items)


class StandingDue(Facts):
    kind: ClassVar[str] = "standing_due"
    name: str
    items: tuple[StandingItem, ...]

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.name},\n\n"
            f"To stay in good standing with the IMG Peer Mentoring scheme, please:\n\n"
            f"{_lines(self.items)}\n\n"
            f"You can see where you stand at any time in the app. If you have already done "
            f"this, please let the Peer Mentoring Administrator know so it can be recorded."
        )
        return Written("Please keep your peer mentoring standing up to date", body)


class StandingLapsed(Facts):
    kind: ClassVar[str] = "standing_lapsed"
    name: str
    as_mentor: bool
    items: tuple[StandingItem, ...]

    def write(self, c: Context) -> Written:
        effect = (
            "your profile has been taken out of the mentor directory, so no new mentee can "
            "ask you for now. Your current mentees and meetings are not affected"
            if self.as_mentor
            else "you cannot send a new match request for now. Your current mentoring "
            "relationship, if you have one, is not affected"
        )
        body = (
            f"Dear {self.name},\n\n"
            f"Your standing with the IMG Peer Mentoring scheme has lapsed, so {effect}.\n\n"
            f"To put it right:\n\n{_lines(self.items)}\n\n"
            f"As soon as it is recorded, everything is back as before."
        )
        return Written("Your peer mentoring standing has lapsed", body)


class MentorLapsed(Facts):
    """The administrator, naming the mentor, to follow up."""

    kind: ClassVar[str] = "mentor_lapsed"
    mentor_name: str
    user_id: str
    items: tuple[StandingItem, ...]

    def write(self, c: Context) -> Written:
        body = (
            f"{self.mentor_name}'s standing as a peer mentor has lapsed, so they are out of "
            f"the directory until it is put right (their current mentees are not affected). "
            f"Outstanding:\n\n{_lines(self.items)}\n\n"
            f"Training and supervision are recorded in the administration app (mentor id "
            f"{self.user_id})."
        )
        return Written(f"A peer mentor's standing has lapsed: {self.mentor_name}", body)


class CodePublished(Facts):
    kind: ClassVar[str] = "code_of_practice_published"
    name: str
    version: str
    url: str
    summary: str
    agree_by: date

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.name},\n\n"
            f"A new version ({self.version}) of the IMG Peer Mentoring Ethical Framework and "
            f"Code of Practice has been published. Please read it and agree to it in the app "
            f"by {uk_date(self.agree_by)}; until you do, your standing shows it as due, and "
            f"after that date it lapses.\n\n"
            f"What has changed:"
        )
        return Written(
            "A new Code of Practice to agree to",
            body,
            (Link("Read the Code of Practice", self.url),),
            quote=self.summary,
        )


def _items(reasons: tuple[Reason, ...]) -> tuple[StandingItem, ...]:
    return tuple(StandingItem(code=reason.code, by=reason.by) for reason in reasons)


def standing_due(person: ProfileRecord, reasons: tuple[Reason, ...], now: datetime) -> list[Notice]:
    facts = StandingDue(name=person.name, items=_items(reasons))
    return [notice(facts, now, to=person.email, about=(person.user_id,))]


def standing_lapsed(
    person: ProfileRecord, reasons: tuple[Reason, ...], as_mentor: bool, now: datetime
) -> list[Notice]:
    items = _items(reasons)
    told = [
        notice(
            StandingLapsed(name=person.name, as_mentor=as_mentor, items=items),
            now,
            to=person.email,
            about=(person.user_id,),
        )
    ]
    if as_mentor:
        facts = MentorLapsed(mentor_name=person.name, user_id=person.user_id, items=items)
        told.append(to_administrator(facts, now, about=(person.user_id,)))
    return told


def code_published(
    person: ProfileRecord, code: CodeOfPracticeRecord, now: datetime, notice_id: str
) -> list[Notice]:
    """Each person's announcement, with an id of its own for that person and version (so an
    announcement repeated after a failure never writes a second one)."""
    facts = CodePublished(
        name=person.name,
        version=code.version,
        url=code.url,
        summary=code.summary,
        agree_by=code.agree_by,
    )
    told = notice(facts, now, to=person.email, about=(person.user_id,))
    return [told.model_copy(update={"notice_id": notice_id})]
