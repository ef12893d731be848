"""Numbers, dates and times as a person in the UK reads them in a sentence: "four sessions",
"within five working days", "Wednesday 2 December 2026", "11:59pm", "noon"."""

from __future__ import annotations

from datetime import date, datetime

from mentoring.clock import LONDON

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


def uk_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def uk_time(moment: datetime) -> str:
    """ "10am", "2:30pm", "noon", "midnight"; in the hour the clocks go back, which happens
    twice, with its zone: "1:30am BST" is the first, "1:30am GMT" the second."""
    local = moment.astimezone(LONDON)
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "noon"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    clock = f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"
    other_fold = local.replace(fold=1 - local.fold)
    if other_fold.utcoffset() != local.utcoffset():
        return f"{clock} {local.tzname()}"
    return clock


def uk_deadline(moment: datetime) -> str:
    """ "11:59pm on Wednesday 2 December 2026" (London time, whatever the season)."""
    local = moment.astimezone(LONDON)
    return f"{uk_time(local)} on {uk_date(local.date())}"
