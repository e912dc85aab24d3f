"""Another team plans in a ward: its neighbourhood team objects, then the objection is settled, in the browser.

Each person signs in in a browser context of their own; every page passed is checked (axe, 320 px, Nu).
"""

import re
from typing import Any

import pytest

from workspace.tests.journeys.steps import follow, plan_activity, press, visit

pytestmark = [pytest.mark.browser]


def _table(walk: Any) -> Any:
    return walk.page.get_by_role("table", name="Prior consultation")


def _object(sergeant: Any, activity_url: str, reason: str) -> None:
    """The ward's team sergeant finds the activity among the consultations waiting, and objects to it."""
    page = sergeant.page
    visit(sergeant, "/activities/waiting/")
    title = page.locator("main h1").inner_text()
    assert title, "the waiting consultations page has a heading"
    sergeant.goto(activity_url.removeprefix(sergeant.site.url))
    sergeant.check()
    _table(sergeant).get_by_label("Comment or reason for objecting").fill(reason)
    press(sergeant, "Object")
    assert page.get_by_text("Your answer has been sent to the organiser.").is_visible()
    assert _table(sergeant).locator(".govuk-tag--red").filter(has_text="Objected").count() == 1


def test_ward_team_objects_and_the_organiser_and_team_agree_a_resolution(cast: Any) -> None:
    lead = cast("engagement-lead")
    url = plan_activity(lead, "Speed camera roadshow, Bromley Road school gates")

    sergeant = cast("team-sergeant")
    follow(sergeant, "See all notifications")
    assert sergeant.page.get_by_text("Speed camera roadshow, Bromley Road school gates").count() > 0
    _object(sergeant, url, "School pick-up time: the gates are crowded, and the ward panel asked for evenings.")

    # The organiser proposes how to settle it ...
    lead.goto(url.removeprefix(lead.site.url))
    lead.check()
    lead.page.get_by_label("What the organiser and the team agreed").fill("Move it to 18:00, after pick-up.")
    press(lead, "Record our agreement")
    assert lead.page.get_by_text("Your agreement has been recorded.").is_visible()
    # ... and the team agrees: the objection is resolved.
    sergeant.goto(url.removeprefix(sergeant.site.url))
    sergeant.check()
    sergeant.page.get_by_label("What the organiser and the team agreed").fill("Agreed: 18:00 suits the panel.")
    press(sergeant, "Record our agreement")
    assert _table(sergeant).locator(".govuk-tag").filter(has_text="Resolved").count() == 1


def test_ward_team_objects_and_the_borough_champion_overrules(cast: Any) -> None:
    lead = cast("engagement-lead")
    url = plan_activity(lead, "Motorcycle safety stall, Catford Road", days_ahead=24)

    sergeant = cast("team-sergeant")
    _object(sergeant, url, "The same afternoon as our own stall on Catford Road.")

    champion = cast("borough-champion")
    champion.goto(url.removeprefix(champion.site.url))
    champion.check()
    press(champion, "Overrule the objection")  # no reason given
    assert re.search("reason", champion.page.locator("main").inner_text(), re.I)
    champion.goto(url.removeprefix(champion.site.url))
    champion.page.get_by_label(re.compile("Reason for overruling")).fill("Two stalls on one road help each other.")
    press(champion, "Overrule the objection")
    assert _table(champion).locator(".govuk-tag").filter(has_text="Overruled").count() == 1
