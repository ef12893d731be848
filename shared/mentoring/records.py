"""Stored records: what the repository writes and reads back, re-validated on every read.

These are not API models: they carry fields (email, registration number, counters) that
only some callers may see. mentoring.models builds the API views from them.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from mentoring.types import Profession


class MenteeStatus(StrEnum):
    ACTIVE = "active"


class MentorStatus(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    SUSPENDED = "suspended"


class _Record(BaseModel):
    # Key attributes (PK, SK, GSI keys) are the repository's business: ignore them on read.
    model_config = ConfigDict(extra="ignore", frozen=True)


class ProfileRecord(_Record):
    user_id: str
    email: str | None
    name: str
    profession: Profession
    grade: str
    specialty: str
    placement_site: str
    region: str
    in_postgraduate_training: bool
    pmq_country: str
    registration_number: str
    languages: list[str]
    bio: str | None = None
    code_of_practice_version: str
    created_at: datetime
    updated_at: datetime


class MenteeRecord(ProfileRecord):
    status: MenteeStatus = MenteeStatus.ACTIVE


class MentorRecord(ProfileRecord):
    country_of_origin: str
    capacity: int
    training_completed_on: date
    accepting_requests: bool = True
    status: MentorStatus = MentorStatus.PENDING_APPROVAL
    active_matches: int = 0
    approved_at: datetime | None = None
    suspended_at: datetime | None = None

    @property
    def available(self) -> bool:
        """Approved, accepting requests, and with a free place."""
        return (
            self.status is MentorStatus.APPROVED
            and self.accepting_requests
            and self.active_matches < self.capacity
        )

    def search_text(self) -> str:
        return " ".join(
            part.casefold()
            for part in (self.name, self.specialty, self.placement_site, self.bio or "")
        )
