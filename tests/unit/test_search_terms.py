"""What the directory can be searched by (mentoring.domain.search_terms): the same terms for the
index and for the filter, words found by their start, long bios capped."""

from __future__ import annotations

import pytest

from mentoring.domain.records import MentorRecord, MentorStatus
from mentoring.domain.search_terms import (
    MAX_WORDS,
    Term,
    q_matches,
    searchable_words,
    terms_of,
    words_of,
)
from tests.support.records import mentor_record


def mentor(**changes: object) -> MentorRecord:
    fields: dict[str, object] = {
        "placement_site": "St James's Hospital",
        "bio": "Happy to talk about MRCP exams and rotas.",
        "status": MentorStatus.APPROVED,
    }
    return mentor_record(**(fields | changes))


def test_words_are_letters_and_digits_in_any_script_case_folded() -> None:
    assert words_of("St James's — Ärzte, MRCP2 Straße") == [
        "st",
        "james",
        "s",
        "ärzte",
        "mrcp2",
        "strasse",
    ]


def test_a_mentor_is_found_by_each_field_value_and_each_word() -> None:
    terms = terms_of(mentor())

    assert {t for t in terms if t.field != "word"} == {
        Term("specialty", "cardiology"),
        Term("placement_site", "st james's hospital"),
        Term("country", "ng"),
        Term("profession", "doctor"),
        Term("language", "english"),
        Term("language", "yoruba"),
    }
    assert {t.value for t in terms if t.field == "word"} == {
        "dr", "ngozi", "adeyemi", "cardiology", "st", "james", "hospital",
        "happy", "to", "talk", "about", "mrcp", "exams", "and", "rotas",
    }  # fmt: skip


def test_one_letter_words_are_not_indexed() -> None:
    assert "s" not in searchable_words(mentor())
    assert "a" not in searchable_words(mentor(bio="a b c"))


def test_a_long_bio_is_searched_by_its_first_distinct_words() -> None:
    bio = " ".join(f"word{n}" for n in range(MAX_WORDS * 2))
    words = searchable_words(mentor(name="Dr Ab", specialty="Cd", placement_site="Ef", bio=bio))

    assert len(words) == MAX_WORDS
    assert words[:4] == ["dr", "ab", "cd", "ef"]
    assert words[-1] == f"word{MAX_WORDS - 5}"


def test_a_mentor_without_a_bio_is_found_by_name_specialty_and_site_only() -> None:
    assert searchable_words(mentor(bio=None)) == [
        "dr", "ngozi", "adeyemi", "cardiology", "st", "james", "hospital",
    ]  # fmt: skip


def test_repeated_words_count_once() -> None:
    words = searchable_words(mentor(bio="exams exams EXAMS"))
    assert words.count("exams") == 1


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("cardio", True),
        ("CARDIOLOGY", True),
        ("ardio", False),  # inside a word, not its start
        ("mrcp exams", True),
        ("mrcp surgery", False),  # every word typed must be found
        ("james's", True),  # "james" and "s": both start a word
        ("", True),
        ("?!", True),  # nothing to look for
        ("cardiologyx", False),
    ],
)
def test_free_text_finds_every_typed_word_at_the_start_of_a_word(typed: str, found: bool) -> None:
    assert q_matches(typed, mentor()) is found
