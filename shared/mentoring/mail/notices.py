"""What a change tells whom. A service never sends email: it builds notices from the records it
changes (each kind's builder, in mentoring.mail.kinds), and the store writes them in the same
transaction as the change (mentoring.data.outbox). functions/notifications reads them from the
table's stream, renders each (mentoring.mail.render) and sends it once.

A notice is one email to one person (or to the scheme administrator): its kind, and the facts
of that kind, a typed model (`Facts`) that holds only what its email may say: names, the
contact details the two parties exchange, a mentee's message to their chosen mentor, a decline
reason written for the mentee. Never a session's content, anyone's notes, an evaluation's
comments or a concern's text.
"""

from __future__ import annotations

import uuid
from abc import abstractmethod
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, SerializeAsAny, model_validator

from mentoring.observability import logger

if TYPE_CHECKING:
    from mentoring.mail.compose import Context, Written
    from mentoring.mail.message import Attachment

# Every kind of email, by its name: filled as each kind's module is imported
# (mentoring.mail.kinds imports them all).
KINDS: dict[str, type[Facts]] = {}


class Facts(BaseModel):
    """What one kind of email may say, and how it reads.

    A kind is a subclass that names itself (`kind`), declares the facts its email needs (each
    required unless it may be absent) and writes its email (`write`). Defining it registers it.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    kind: ClassVar[str] = ""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if "kind" not in cls.__dict__:
            return  # a base shared by several kinds
        if cls.kind in KINDS:
            raise TypeError(f"two kinds of email are called {cls.kind!r}")
        KINDS[cls.kind] = cls

    @abstractmethod
    def write(self, context: Context) -> Written:
        """The email's subject, paragraphs, links and quotation."""

    def attachments(self, written_at: datetime) -> tuple[Attachment, ...]:
        """Files the email carries (a calendar invitation, say): none for most kinds."""
        return ()


class Notice(BaseModel):
    """One email to be sent: to people by address, or to the scheme administrator (whose
    address only the notifications function knows)."""

    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    notice_id: str
    kind: str
    to: tuple[str, ...] = ()
    to_administrator: bool = False
    facts: SerializeAsAny[Facts]
    created_at: datetime
    # Whose personal data (name, words, contact) the email carries: if one of them erases
    # their account before it is sent, it is never sent (mentoring.services.privacy).
    about: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _facts_of_their_kind(cls, data: Any) -> Any:
        """Stored facts are read as the model of the notice's own kind."""
        if isinstance(data, dict) and isinstance(data.get("facts"), dict):
            kind = KINDS.get(str(data.get("kind")))
            if kind is None:
                raise ValueError("not a kind of email this version knows")
            return {**data, "facts": kind.model_validate(data["facts"])}
        return data

    @property
    def has_recipient(self) -> bool:
        return self.to_administrator or any(self.to)


def notice(
    facts: Facts,
    now: datetime,
    *,
    to: str | None = None,
    admin: bool = False,
    about: tuple[str, ...] = (),
) -> Notice:
    """The notice of these facts, to one address or to the administrator, carrying the
    personal data of the people `about` names."""
    return Notice(
        notice_id=str(uuid.uuid4()),
        kind=facts.kind,
        to=(to,) if to else (),
        to_administrator=admin,
        facts=facts,
        created_at=now,
        about=about,
    )


class Person(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str
    email: str


class MeetingFacts(BaseModel):
    """What a meeting's emails and calendar files may say (never anyone's notes)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    meeting_id: str
    starts_at: datetime
    duration_minutes: int
    mode: str
    place: str  # the location, or the video link
    organizer: Person  # who proposed it
    attendees: tuple[Person, ...]  # both parties
    sequence: int = 0
    note: str = ""  # the proposer's words to the other party (proposal email only)


class Parties(Protocol):
    """A request or a match: the two people it concerns."""

    @property
    def mentee_id(self) -> str: ...
    @property
    def mentor_id(self) -> str: ...
    @property
    def mentee_name(self) -> str: ...
    @property
    def mentor_name(self) -> str: ...
    @property
    def mentee_email(self) -> str | None: ...
    @property
    def mentor_email(self) -> str | None: ...


def to_mentee(parties: Parties, facts: Facts, now: datetime) -> Notice:
    """To the mentee of a request or match, about both of its people."""
    return notice(facts, now, to=parties.mentee_email, about=_both(parties))


def to_mentor(parties: Parties, facts: Facts, now: datetime) -> Notice:
    """To the mentor of a request or match, about both of its people."""
    return notice(facts, now, to=parties.mentor_email, about=_both(parties))


def to_administrator(facts: Facts, now: datetime, about: tuple[str, ...]) -> Notice:
    return notice(facts, now, admin=True, about=about)


def _both(parties: Parties) -> tuple[str, str]:
    return (parties.mentee_id, parties.mentor_id)


def deliverable(notices: list[Notice]) -> list[Notice]:
    """The notices someone can receive: one with no address (a profile without an email, from
    before emails were required) is logged and left out, never allowed to stop the change."""
    for left_out in (n for n in notices if not n.has_recipient):
        logger.warning("Notice has no recipient address", notice_kind=left_out.kind)
    return [n for n in notices if n.has_recipient]
