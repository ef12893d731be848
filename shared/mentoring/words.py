"""Numbers as a person writes them in a sentence: "four sessions", "within five working days"."""

from __future__ import annotations

_WORDS = (
    "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def in_words(number: int) -> str:
    """Zero to twenty in words (zero as "no"); larger numbers as digits."""
    return _WORDS[number] if 0 <= number < len(_WORDS) else str(number)


_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
).split()


def ordinal(number: int) -> str:
    """1 to 12 as "first" to "twelfth"; others as "13th" and so on."""
    if 1 <= number <= len(_ORDINALS):
        return _ORDINALS[number - 1]
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
