import io

from core import exports


def test_csv_cells_that_would_start_a_formula_are_neutralised():
    buffer = io.StringIO()
    exports.csv_writer(buffer).writerow(["=HYPERLINK(1)", "@SUM(A1)", "plain", 3, -2])
    assert buffer.getvalue().strip() == "'=HYPERLINK(1),'@SUM(A1),plain,3,-2"
