"""The nearest-rank percentile the scheme report uses."""

from __future__ import annotations

from mentoring.services.reports import nearest_rank


def test_the_percentile_of_one_value_is_that_value() -> None:
    assert nearest_rank([7], 50) == 7
    assert nearest_rank([7], 90) == 7


def test_the_90th_percentile_of_nineteen_values_is_the_18th() -> None:
    # 0.9 x 19 = 17.1, rounded up: the 18th.
    assert nearest_rank(list(range(1, 20)), 90) == 18


def test_the_median_of_an_even_count_is_the_lower_middle_value() -> None:
    assert nearest_rank([4, 1, 3, 2], 50) == 2
