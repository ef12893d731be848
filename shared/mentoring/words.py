"""Numbers as a person writes them in a sentence: "four sessions", "within five working days"."""

from __future__ import annotations

_WORDS = (
    "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def in_words(number: int) -> str:
    """Zero to twenty in words (zero as "no"); larger numbers as digits."""
    return _WORDS[number] if 0 <= number < len(_WORDS) else str(number)
