"""Small-number suppression: counts under the threshold are never shown, nor can they be worked out."""

from django.conf import settings


def threshold() -> int:
    return int(getattr(settings, "EQUALITY_SUPPRESSION_THRESHOLD", 5))


def suppress(counts: list[int], total_shown: bool = True) -> list[int | None]:
    """The counts with small ones replaced by None.

    Primary: any count from 1 to threshold-1. Secondary: when the total is shown and exactly one cell is
    suppressed, the next smallest non-zero cell is suppressed too, so the total minus the shown cells
    cannot reveal the hidden one. Zero is shown (it identifies no one).
    """
    limit = threshold()
    hidden = {i for i, n in enumerate(counts) if 0 < n < limit}
    if total_shown and len(hidden) == 1:
        candidates = sorted((n, i) for i, n in enumerate(counts) if n > 0 and i not in hidden)
        if candidates:
            hidden.add(candidates[0][1])
    return [None if i in hidden else n for i, n in enumerate(counts)]


def total_is_shown(total: int) -> bool:
    return total == 0 or total >= threshold()
