"""The mentor directory: approved mentors, filtered, public fields only."""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.errors import NotFound
from mentoring.models import Page, PublicMentor
from mentoring.pagination import PageRequest
from mentoring.records import MentorRecord, MentorStatus
from mentoring.stores import Profiles
from mentoring.types import Profession


@dataclass(frozen=True)
class DirectoryFilter:
    specialty: str | None = None
    placement_site: str | None = None
    country: str | None = None
    language: str | None = None
    profession: Profession | None = None
    q: str | None = None
    include_full: bool = False

    def matches(self, mentor: MentorRecord) -> bool:
        """Case-insensitive exact match on each given field; every word of `q` must appear."""
        if not self.include_full and not mentor.available:
            return False
        if self.profession is not None and mentor.profession is not self.profession:
            return False
        exact = (
            (self.specialty, mentor.specialty),
            (self.placement_site, mentor.placement_site),
            (self.country, mentor.country_of_origin),
        )
        if any(
            wanted and wanted.strip().casefold() != actual.casefold() for wanted, actual in exact
        ):
            return False
        if self.language and self.language.strip().casefold() not in {
            language.casefold() for language in mentor.languages
        }:
            return False
        if self.q:
            text = mentor.search_text()
            return all(word in text for word in self.q.casefold().split())
        return True


@dataclass
class DirectoryService:
    profiles: Profiles

    def search(self, wanted: DirectoryFilter, page: PageRequest) -> Page[PublicMentor]:
        found = self.profiles.directory(wanted.matches, page)
        return Page[PublicMentor](
            items=[PublicMentor.of(record) for record in found.items],
            next_cursor=found.next_cursor,
        )

    def get(self, mentor_id: str) -> PublicMentor:
        record = self.profiles.mentor(mentor_id)
        if record is None or record.status is not MentorStatus.APPROVED:
            raise NotFound("No such mentor.")
        return PublicMentor.of(record)
