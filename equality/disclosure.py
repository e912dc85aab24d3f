"""Statistical disclosure control for equality figures: no output, alone or beside another, reveals a person.

The method (see docs/equality.md):

1. One output is about one fixed population (a context such as "group:12", or a fixed published set such as
   all the groups of a borough); callers never combine contexts a reader chose.
2. A population smaller than `EQUALITY_MINIMUM_POPULATION` gets no breakdown at all.
3. Every count is perturbed with the cell-key method the ONS used for Census 2021: each subject has a random
   record key (0-255) stored with their answers; a cell's key is the sum of the record keys of the people in
   it (plus the key of the whole output population, so that one person joining or leaving redraws the noise
   of every cell, not only of their own) modulo 256; a fixed perturbation table indexed by the cell's value
   and key gives the noise. The same cell always gets the same noise, so asking again gives nothing new, and
   the difference between two outputs is noise, not a person.
4. Perturbed counts under `EQUALITY_SUPPRESSION_THRESHOLD` (zeros included) are shown only as "fewer than
   N", so no exact zero or small count sits beside a hidden one.
5. Totals are rounded to the nearest `TOTAL_ROUNDING`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from equality.models import RECORD_KEY_BASE

TOTAL_ROUNDING = 5

# The perturbation table. Over the 256 cell keys the noise is -2, -1, 0, +1 or +2, each about as likely (a flat
# distribution hides a one-person change better than one peaked at 0: see docs/equality.md for the figures).
# Each cell value uses the same distribution turned by a fixed step, so the table is indexed by (value, key) as
# in the ONS design and neighbouring values do not share their noise.
_NOISE_BY_KEY: tuple[int, ...] = (-2,) * 51 + (-1,) * 51 + (0,) * 52 + (1,) * 51 + (2,) * 51
_VALUE_STEP = 97  # odd, so every value's row is a different turn of the table


def threshold() -> int:
    """Perturbed counts below this are shown as "fewer than" it."""
    return int(getattr(settings, "EQUALITY_SUPPRESSION_THRESHOLD", 5))


def minimum_population() -> int:
    """Outputs about fewer people than this show no breakdown at all."""
    return max(int(getattr(settings, "EQUALITY_MINIMUM_POPULATION", 10)), threshold())


def noise(value: int, cell_key: int) -> int:
    """The fixed perturbation for a cell of this value and key."""
    if value <= 0:
        return 0
    return _NOISE_BY_KEY[(cell_key + value * _VALUE_STEP) % RECORD_KEY_BASE]


@dataclass(frozen=True)
class Cell:
    """A true count and the sum of the record keys of the people in it (never shown)."""

    count: int = 0
    key_sum: int = 0

    def __add__(self, other: "Cell") -> "Cell":
        return Cell(self.count + other.count, self.key_sum + other.key_sum)

    def __sub__(self, other: "Cell") -> "Cell":
        return Cell(self.count - other.count, self.key_sum - other.key_sum)


def total_of(cells: Iterable[Cell]) -> Cell:
    out = Cell()
    for cell in cells:
        out = out + cell
    return out


def perturb(cell: Cell, population: Cell) -> int:
    """The cell's count with its fixed noise, never negative."""
    cell_key = (cell.key_sum + population.key_sum) % RECORD_KEY_BASE
    return max(cell.count + noise(cell.count, cell_key), 0)


def shown(cell: Cell, population: Cell) -> int | None:
    """What may be shown for a cell: its perturbed count, or None ("fewer than the threshold")."""
    value = perturb(cell, population)
    return value if value >= threshold() else None


def rounded_total(count: int) -> int:
    return TOTAL_ROUNDING * round(count / TOTAL_ROUNDING)


def breakdown_allowed(population: Cell) -> bool:
    return population.count >= minimum_population()
