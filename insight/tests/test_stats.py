"""The significance test, checked against figures worked out by hand."""

import math

import pytest

from insight import stats


def test_z_score_matches_the_pooled_formula() -> None:
    # p1 = 0.60 of 400, p2 = 0.50 of 12,800: pooled p = (240 + 6400) / 13200
    pooled = 6640 / 13200
    expected = 0.10 / math.sqrt(pooled * (1 - pooled) * (1 / 400 + 1 / 12800))
    assert stats.z_score(0.60, 400, 0.50, 12800) == pytest.approx(expected)
    assert expected == pytest.approx(3.94, abs=0.01)


@pytest.mark.parametrize(
    ("p1", "n1", "p2", "n2", "verdict"),
    [
        (0.60, 400, 0.50, 12800, stats.HIGHER),
        (0.40, 400, 0.50, 12800, stats.LOWER),
        (0.53, 400, 0.50, 12800, stats.SAME),  # z ≈ 1.19
        (0.55, 100, 0.50, 3200, stats.SAME),  # 5 points on a base of 100 is not enough (z ≈ 0.99)
        (0.60, 100, 0.50, 3200, stats.HIGHER),  # 10 points is (z ≈ 1.97)
        (0.60, None, 0.50, 3200, stats.UNKNOWN),
        (0.60, 100, 0.50, None, stats.UNKNOWN),
        (0.60, 100, None, None, stats.UNKNOWN),
    ],
)
def test_compare(p1: float, n1: int | None, p2: float | None, n2: int | None, verdict: str) -> None:
    assert stats.compare(p1, n1, p2, n2).verdict == verdict


def test_the_edge_of_significance() -> None:
    assert stats.compare(0.5 + 0.0001, 10**6, 0.5, 10**6).verdict == stats.SAME
    z = stats.z_score(0.60, 100, 0.50, 3200)
    assert z is not None and z == pytest.approx(1.97, abs=0.01) and z > stats.Z_95


def test_shares_of_nought_or_one_everywhere_are_not_significant() -> None:
    assert stats.compare(1.0, 100, 1.0, 3200).verdict == stats.SAME
    assert stats.compare(0.0, 100, 0.0, 3200).significant is False


def test_words_say_what_the_marker_means() -> None:
    assert stats.compare(0.6, 400, 0.5, 12800).words == "Significantly higher than London"
    assert "base" in stats.compare(0.6, None, 0.5, 12800).words
