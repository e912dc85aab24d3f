import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from core.xlsx_stream import stream_xlsx


def _read(rows):  # type: ignore[no-untyped-def]
    book = load_workbook(io.BytesIO(b"".join(stream_xlsx(rows, "Sheet"))))
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_text_numbers_and_datetimes_come_back_as_written():
    when = datetime(2025, 3, 31, 18, 30)  # noqa: DTZ001 - a wall-clock time, as the exports write it
    got = _read([["a & <b>", 3, 1.5, Decimal("12.50"), when, date(2025, 3, 31), None, True]])
    assert got == [("a & <b>", 3, 1.5, 12.5, when, "2025-03-31", None, "True")]


def test_formula_text_stays_text_and_unwritable_characters_are_dropped():
    assert _read([["=SUM(A1)", "bell\x07 rang"]]) == [("'=SUM(A1)", "bell rang")]


def test_a_datetime_cell_is_shown_as_a_date_and_time():
    book = load_workbook(io.BytesIO(b"".join(stream_xlsx([[datetime(2025, 1, 2, 3, 4)]]))))  # noqa: DTZ001
    assert book.worksheets[0]["A1"].number_format == "yyyy-mm-dd hh:mm"


def test_blank_cells_keep_every_later_cell_in_its_column():
    rows = [["a", None, "", 3, "x & y"], [None, "", "b"], [], ["=1", "", None, "", "last"]]
    assert _read(rows) == [
        ("a", None, None, 3, "x & y"),
        (None, None, "b", None, None),
        (None, None, None, None, None),
        ("'=1", None, None, None, "last"),
    ]
