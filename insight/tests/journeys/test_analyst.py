"""An analyst imports a quarter's published survey file with bad rows: checks it, is refused, imports the good rows,
and finds the figure on the measure's page. Every page passed is checked by axe, at 320 px, and by the Nu HTML
checker."""

from typing import Any

import pytest

from workspace.tests.journeys.steps import follow, press

pytestmark = [pytest.mark.browser]

QUARTER = """measure,area,period,period_start,period_end,proportion,base
informed-local,E09000023,2019-20 Q1,2019-04-01,2019-06-30,0.52,101
Informed local,Lambeth,2019-20 Q1,,,48%,99
informed-local,Atlantis,2019-20 Q1,,,0.5,100
informed-local,Lewisham,2019-20 Q1,,,74,100
"""


def test_an_analyst_imports_a_quarter_with_bad_rows(cast: Any, tmp_path: Any) -> None:
    analyst = cast("admin")
    page = analyst.page
    analyst.goto("/insight/")
    analyst.check()
    follow(analyst, "Import survey results")
    survey = tmp_path / "pas-2019-20-q1.csv"
    survey.write_text(QUARTER, encoding="utf-8")

    page.get_by_label("Survey results file (CSV or XLSX)").set_input_files(str(survey))
    page.get_by_label("Publication the figures come from").fill("PAS borough results, fictional test quarter")
    page.get_by_label("Check only (save nothing)").check()
    press(analyst, "Upload")  # a check: every row reported, nothing saved
    assert page.get_by_text("Checked: 2 rows can be imported and 2 cannot").is_visible()
    assert page.get_by_text("Atlantis").count() > 0

    page.get_by_label("Survey results file (CSV or XLSX)").set_input_files(str(survey))
    page.get_by_label("Check only (save nothing)").uncheck()
    press(analyst, "Upload")  # all or nothing: refused, and the summary leads to each bad row
    assert page.get_by_text("Nothing was imported: 2 rows cannot be imported").is_visible()
    for link in page.locator(".govuk-error-summary").get_by_role("link").all():
        assert page.locator(link.get_attribute("href") or "").count() == 1, link.inner_text()

    page.get_by_label("Survey results file (CSV or XLSX)").set_input_files(str(survey))
    page.get_by_label("Check only (save nothing)").uncheck()
    page.get_by_label("Import the good rows even if some rows are rejected").check()
    press(analyst, "Upload")
    assert page.get_by_role("heading", name="2 figures imported").is_visible()
    assert page.get_by_text("2 rows left out").count() > 0

    # Lewisham's trend now starts in 2019
    analyst.goto("/insight/measures/informed-local/?borough=E09000023&kind=quarter")
    analyst.check()
    assert page.get_by_text("2019-20 Q1").count() > 0
