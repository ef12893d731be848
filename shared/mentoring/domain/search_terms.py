"""What the directory can be searched by: one source for the filter and for its index.

A mentor is found by the exact value (any case) of their specialty, placement site, country,
languages and profession, and by any word that *starts with* a word typed in `q`, among the
words of their name, specialty, site and bio. The index (mentoring.data.directory) holds one
small item per term; the filter (services.directory) checks the same terms on the mentor's
own item, so what the index finds and what the filter keeps always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mentoring.domain.records import MentorRecord

_WORD = re.compile(r"\w+")
# The profile fields terms are made from (an edit of any other leaves the index alone).
SEARCHED_FIELDS = frozenset(
    {"name", "specialty", "placement_site", "country_of_origin", "languages", "profession", "bio"}
)
# Words shorter than this are not indexed (a one-letter prefix would read half the directory).
MIN_INDEXED_WORD = 2
# A transaction holds at most 100 writes: a mentor's terms (facets and words) stay well under,
# with room for the profile itself and its notifications.
MAX_WORDS = 64
# A word is indexed by its first characters only: an index entry's key holds the word, and
# DynamoDB refuses a sort key over 1,024 bytes, while a bio may hold one long pasted string.
# Prefix search is unchanged: a longer typed word reads the entries of its first characters,
# and the filter then checks the whole words.
MAX_INDEXED_CHARACTERS = 64


def normalised(value: str) -> str:
    return value.strip().casefold()


def words_of(text: str) -> list[str]:
    """The words of a text, in order, case folded (letters and digits in any script)."""
    return _WORD.findall(text.casefold())


@dataclass(frozen=True, order=True)
class Term:
    """One thing a mentor can be found by: a field's value, or a word."""

    field: str  # "specialty", "placement_site", "country", "language", "profession", "word"
    value: str

    @classmethod
    def word(cls, word: str) -> Term:
        """A word as the index holds it (its first MAX_INDEXED_CHARACTERS), typed or stored."""
        return cls("word", word[:MAX_INDEXED_CHARACTERS])


def searchable_words(mentor: MentorRecord) -> list[str]:
    """The distinct words `q` can find, in order of appearance, at most MAX_WORDS."""
    words = (
        word
        for part in (mentor.name, mentor.specialty, mentor.placement_site, mentor.bio or "")
        for word in words_of(part)
        if len(word) >= MIN_INDEXED_WORD
    )
    return list(dict.fromkeys(words))[:MAX_WORDS]


def terms_of(mentor: MentorRecord) -> set[Term]:
    """Every term that finds this mentor (when approved)."""
    facets = {
        Term("specialty", normalised(mentor.specialty)),
        Term("placement_site", normalised(mentor.placement_site)),
        Term("country", normalised(mentor.country_of_origin)),
        Term("profession", mentor.profession.value),
    } | {Term("language", normalised(language)) for language in mentor.languages}
    return facets | {Term.word(word) for word in searchable_words(mentor)}


def q_matches(q: str, mentor: MentorRecord) -> bool:
    """Every word typed starts one of the mentor's searchable words."""
    own = searchable_words(mentor)
    return all(any(word.startswith(typed) for word in own) for typed in words_of(q))
