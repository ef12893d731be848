"""The mentor directory: approved mentors, filtered, public fields only."""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.domain.fields import Profession
from mentoring.domain.models import PublicMentor
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.records import MentorRecord
from mentoring.domain.search_terms import MIN_INDEXED_WORD, Term, normalised, q_matches, words_of
from mentoring.errors import NoSuchMentor
from mentoring.services.ports import Profiles


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
        """Case-insensitive exact match on each given field; every word of `q` starts one of
        the mentor's words (mentoring.domain.search_terms)."""
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
        return not self.q or q_matches(self.q, mentor)

    def most_telling_term(self) -> Term | None:
        """The one term to read the directory's index by: a typed word (the longest, as the
        rarest), else a field (the narrowest first); None to read the whole directory."""
        typed = sorted(
            (word for word in words_of(self.q or "") if len(word) >= MIN_INDEXED_WORD),
            key=len,
            reverse=True,
        )
        if typed:
            return Term.word(typed[0])
        fields = (
            ("specialty", self.specialty),
            ("placement_site", self.placement_site),
            ("country", self.country),
            ("language", self.language),
        )
        for field, value in fields:
            if value and normalised(value):
                return Term(field, normalised(value))
        return None


@dataclass(frozen=True, kw_only=True)
class DirectoryService:
    profiles: Profiles

    def search(self, wanted: DirectoryFilter, page: PageRequest) -> Page[PublicMentor]:
        found = self.profiles.directory(wanted.matches, page, wanted.most_telling_term())
        return Page[PublicMentor](
            items=[PublicMentor.of(record) for record in found.items],
            next_cursor=found.next_cursor,
        )

    def get(self, mentor_id: str) -> PublicMentor:
        record = self.profiles.mentor(mentor_id)
        if record is None or not record.listed:
            raise NoSuchMentor()
        return PublicMentor.of(record)
