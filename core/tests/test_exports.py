import io

import pytest
from openpyxl import Workbook, load_workbook

from core import exports

DANGEROUS = ["=HYPERLINK(1)", "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", " =1+1", "\n=2"]


def test_csv_cells_that_would_start_a_formula_are_neutralised():
    buffer = io.StringIO()
    exports.csv_writer(buffer).writerow(["=HYPERLINK(1)", "@SUM(A1)", "plain", 3, -2])
    assert buffer.getvalue().strip() == "'=HYPERLINK(1),'@SUM(A1),plain,3,-2"


@pytest.mark.parametrize("text", DANGEROUS)
def test_every_formula_start_is_neutralised(text):
    assert exports.spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["plain", "O'Brien", "", 3, -2, 1.5, None])
def test_ordinary_values_pass_unchanged(value):
    assert exports.spreadsheet_safe(value) == value


def test_xlsx_rows_hold_formula_text_as_text():
    workbook = Workbook()
    sheet = workbook.active
    exports.append_row(sheet, [*DANGEROUS, 7, -1])
    out = io.BytesIO()
    workbook.save(out)
    cells = list(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())[0]
    assert all(c.data_type != "f" for c in cells)
    # (a spreadsheet file keeps line ends as \n)
    assert [c.value for c in cells] == ["'" + t.replace("\r", "\n") for t in DANGEROUS] + [7, -1]


def test_xlsx_write_only_sheets_are_neutralised_too():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Answers")
    exports.append_row(sheet, ["=1+1", "fine"])
    out = io.BytesIO()
    workbook.save(out)
    cells = list(load_workbook(io.BytesIO(out.getvalue()))["Answers"].iter_rows())[0]
    assert [(c.value, c.data_type) for c in cells] == [("'=1+1", "s"), ("fine", "s")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_response_downloads_one_safe_table(fmt):
    response = exports.table_response(fmt, "figures", ["Name", "Amount"], [["=SUM(A1)", 3], ["Plain", 4.5]])
    assert response["Content-Disposition"] == f'attachment; filename="figures.{fmt}"'
    if fmt == "csv":
        assert response["Content-Type"].startswith("text/csv")
        assert response.content.decode().splitlines() == ["Name,Amount", "'=SUM(A1),3", "Plain,4.5"]
    else:
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert rows == [("Name", "Amount"), ("'=SUM(A1)", 3), ("Plain", 4.5)]


def test_table_response_gives_csv_for_an_unknown_format():
    response = exports.table_response("exe", "figures", ["A"], [])
    assert response["Content-Disposition"] == 'attachment; filename="figures.csv"'
