"""The significance test the board's pages use: is a borough's share different from London's?

A two-proportion z-test at the 95 % level: with shares p1, p2 of bases n1, n2, the pooled share
p = (p1·n1 + p2·n2) / (n1 + n2), the standard error se = √(p(1−p)(1/n1 + 1/n2)) and z = (p1 − p2) / se.
The difference is significant when |z| ≥ 1.96. Without both bases there is no test.
"""

import math
from dataclasses import dataclass

Z_95 = 1.96

HIGHER, LOWER, SAME, UNKNOWN = "higher", "lower", "same", "unknown"
WORDS = {
    HIGHER: "Significantly higher than London",
    LOWER: "Significantly lower than London",
    SAME: "No significant difference from London",
    UNKNOWN: "Not tested: a base is not given",
}


@dataclass(frozen=True)
class Comparison:
    verdict: str
    z: float | None = None

    @property
    def words(self) -> str:
        return WORDS[self.verdict]

    @property
    def significant(self) -> bool:
        return self.verdict in (HIGHER, LOWER)


def z_score(p1: float, n1: int, p2: float, n2: int) -> float | None:
    """The pooled two-proportion z statistic, or None when it cannot be worked out."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return None
    return (p1 - p2) / math.sqrt(variance)


def compare(p1: float, n1: int | None, p2: float | None, n2: int | None) -> Comparison:
    """Compare a borough's share (p1 of n1) with London's (p2 of n2)."""
    if p2 is None or not n1 or not n2:
        return Comparison(UNKNOWN)
    z = z_score(p1, n1, p2, n2)
    if z is None:
        return Comparison(SAME if p1 == p2 else UNKNOWN)
    if z >= Z_95:
        return Comparison(HIGHER, z)
    if z <= -Z_95:
        return Comparison(LOWER, z)
    return Comparison(SAME, z)
