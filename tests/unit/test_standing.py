"""The standing rules at their boundaries: each reason on the day before, the day of and the day
after its date, months added at month ends and leap days, and the next day worth a look."""

from __future__ import annotations

from datetime import date

import pytest

from mentoring.domain.standing import (
    Facts,
    Periods,
    Reason,
    ReasonCode,
    Standing,
    add_months,
    assess,
)

PERIODS = Periods(
    training_valid_months=24, supervision_interval_months=6, code_grace_days=30, notice_days=30
)
VALID_UNTIL = date(2027, 3, 31)  # training done 31 March 2025


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # a leap year's February
        (date(2028, 2, 29), 24, date(2030, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # across the year's end
        (date(2026, 5, 31), 12, date(2027, 5, 31)),
    ],
)
def test_months_keep_the_day_or_take_the_months_last(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def training(today: date) -> tuple[Standing, tuple[Reason, ...]]:
    found = assess(
        Facts(code_agreed=True, agree_by=None, training_valid_until=VALID_UNTIL), today, PERIODS
    )
    return found.standing, found.reasons


def test_training_is_good_until_the_notice_days_then_due_then_lapsed() -> None:
    assert training(date(2027, 2, 28)) == (Standing.GOOD, ())
    assert training(date(2027, 3, 1)) == (  # 30 days before 31 March
        Standing.DUE,
        (Reason(ReasonCode.TRAINING_DUE, VALID_UNTIL),),
    )
    assert training(VALID_UNTIL)[0] is Standing.DUE  # valid through its last day
    assert training(date(2027, 4, 1)) == (
        Standing.LAPSED,
        (Reason(ReasonCode.TRAINING_LAPSED, VALID_UNTIL),),
    )


def test_supervision_past_its_date_is_due_but_never_lapses() -> None:
    facts = Facts(code_agreed=True, agree_by=None, supervision_due_by=date(2027, 2, 28))
    assert assess(facts, date(2027, 2, 28), PERIODS).standing is Standing.GOOD
    late = assess(facts, date(2030, 1, 1), PERIODS)
    assert (late.standing, late.reasons) == (
        Standing.DUE,
        (Reason(ReasonCode.SUPERVISION_DUE, date(2027, 2, 28)),),
    )
    assert late.next_check is None


def test_a_new_code_is_due_within_its_grace_then_lapses() -> None:
    facts = Facts(code_agreed=False, agree_by=date(2027, 1, 4))
    assert assess(facts, date(2027, 1, 4), PERIODS).standing is Standing.DUE
    assert assess(facts, date(2027, 1, 5), PERIODS).standing is Standing.LAPSED
    agreed = Facts(code_agreed=True, agree_by=date(2027, 1, 4))
    assert assess(agreed, date(2027, 6, 1), PERIODS).standing is Standing.GOOD


def test_lapsed_wins_and_every_reason_is_listed() -> None:
    facts = Facts(
        code_agreed=False,
        agree_by=date(2027, 1, 4),
        training_valid_until=date(2027, 1, 31),
        supervision_due_by=date(2026, 12, 1),
    )
    found = assess(facts, date(2027, 1, 10), PERIODS)
    assert found.standing is Standing.LAPSED
    assert [r.code for r in found.reasons] == [
        ReasonCode.CODE_NOT_AGREED,
        ReasonCode.TRAINING_DUE,
        ReasonCode.SUPERVISION_DUE,
    ]
    assert found.reasons[0].key == "code_of_practice_not_agreed#2027-01-04"


def test_the_next_check_is_the_first_day_the_answer_could_change() -> None:
    facts = Facts(
        code_agreed=True,
        agree_by=None,
        training_valid_until=VALID_UNTIL,
        supervision_due_by=date(2026, 12, 31),
    )
    assert assess(facts, date(2026, 12, 5), PERIODS).next_check == date(2027, 1, 1)
    assert assess(facts, date(2027, 1, 1), PERIODS).next_check == date(2027, 3, 1)
    assert assess(facts, date(2027, 3, 1), PERIODS).next_check == date(2027, 4, 1)
    assert assess(facts, date(2027, 4, 1), PERIODS).next_check is None
