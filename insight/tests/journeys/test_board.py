"""A board member reads the dashboard and exports its PDF; a borough champion reads their borough against London
and similar boroughs; scrutiny staff find every download. Every page passed is checked by axe, at 320 px, and by
the Nu HTML checker."""

from typing import Any

import pytest

from workspace.tests.journeys.steps import follow

pytestmark = [pytest.mark.browser]


def test_a_board_member_reads_the_dashboard_and_exports_the_pdf(cast: Any) -> None:
    reader = cast("oversight-reader")
    page = reader.page
    page.get_by_role("navigation", name="Staff workspace").get_by_role("link", name="Board's view").click()
    reader.check()
    follow(reader, "The board's dashboard")
    assert page.get_by_text("Fictional demonstration figures").count() > 0
    assert page.locator(".eh-legend").count() > 0 and page.locator("svg[role=img]").count() > 0
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download the board's dashboard as PDF").click()
    assert open(pdf.value.path(), "rb").read().startswith(b"%PDF")  # noqa: SIM115, PTH123
    page.locator("table").last.get_by_role("link").first.click()  # a figure leads to the measure it counts
    reader.check()
    assert "/insight/measures/" in page.url
    reader.goto("/insight/dashboards/scrutiny/")
    reader.check()
    assert page.get_by_role("link", name="Download the board's dashboard as PDF").count() == 1

    champion = cast("borough-champion")
    champion.goto("/insight/dashboards/borough/")
    champion.check()
    assert champion.page.get_by_role("heading", name="Similar boroughs").count() == 1
