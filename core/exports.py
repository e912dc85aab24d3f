"""CSV downloads that a spreadsheet program cannot be tricked into running as formulas."""

import csv
from typing import Any

# Text starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@")


def spreadsheet_safe(value: Any) -> Any:
    """Text that would start a formula gets a leading apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


class SafeCsvWriter:
    """A csv.writer whose every text cell is made safe for spreadsheet programs."""

    def __init__(self, fileobj: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(fileobj, **kwargs)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([spreadsheet_safe(v) for v in row])

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(fileobj: Any, **kwargs: Any) -> SafeCsvWriter:
    return SafeCsvWriter(fileobj, **kwargs)
