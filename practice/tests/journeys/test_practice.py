"""A new panel chair acknowledges the chair's pack; a sergeant reviews the ward's engagement plan.

Every page passed is checked by axe, at 320 px for sideways scrolling, and by the Nu HTML checker.
"""

import re
from typing import Any

import pytest

from workspace.tests.journeys.steps import follow, press, visit

pytestmark = [pytest.mark.browser]


def test_a_new_chair_acknowledges_the_chairs_pack(cast: Any) -> None:
    chair = cast("group-officer")
    visit(chair, "/practice/packs/")
    page = chair.page
    assert page.get_by_role("link", name="Ward panel chair's pack").count() > 0
    press(chair, re.compile("I have read it"))
    assert page.get_by_text("is acknowledged").is_visible()
    follow(chair, "Ward panel chair's pack")
    follow(chair, "Running a ward panel meeting")
    assert page.get_by_role("heading", name="Running a ward panel meeting").is_visible()


def test_a_sergeant_reviews_the_ward_plan_and_the_public_sees_the_top_ten(cast: Any) -> None:
    sergeant = cast("team-sergeant")
    visit(sergeant, "/practice/plans/")
    follow(sergeant, "Catford South")
    page = sergeant.page
    assert page.get_by_role("heading", name="Suggested gaps").is_visible()
    follow(sergeant, "Review the plan")
    press(sergeant, "Record the review")  # nothing written: the error names the field
    assert page.locator(".govuk-error-summary").is_visible()
    page.get_by_label("What the team learned, and what it will change").fill("More school visits next term.")
    press(sergeant, "Record the review")
    assert page.get_by_text("The review is recorded").is_visible()
    visitor = cast.visitor()
    visit(visitor, "/practice/top-10/")
    assert visitor.page.get_by_role("heading", name="Good practice Top 10").first.is_visible()


def test_every_practice_page_passes_the_checks(cast: Any) -> None:
    sergeant = cast("team-sergeant")
    visit(sergeant, "/practice/plans/E05013717/")  # Catford South
    for name in ("Change the plan", "Add a community and its methods", "Add a target", "History of this plan"):
        follow(sergeant, name)
        sergeant.goto("/practice/plans/E05013717/")
    visit(sergeant, "/practice/library/", "/practice/library/submit/", "/practice/guides/")
    central = cast("central-champion")
    visit(central, "/practice/library/?topic=youth", "/practice/top-10/manage/", "/practice/packs/report/")
    visit(central, "/practice/guides/new/", "/practice/packs/new/", "/practice/packs/ward-panel-member-pack/")
    visit(central, "/practice/guides/equality-monitoring/edit/")
    central.goto("/practice/library/")
    follow(central, re.compile(r"\(fictional demo\)"))
    central.goto("/practice/top-10/manage/")
    links = central.page.locator("table a.govuk-link")
    if links.count():
        links.first.click()
        central.page.wait_for_load_state()
        central.check()
