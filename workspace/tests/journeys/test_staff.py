"""Staff jobs, from signing in (password and TOTP code) to the end, through the real forms: the neighbourhood
officer, the unit lead and the champion's standards here; prior consultation, the champion's consultations and
alerts, and the other roles beside this file.

Every page passed is checked by axe, at 320 px for sideways scrolling, and by the Nu HTML checker.
"""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from workspace.tests.journeys.steps import follow, visit

pytestmark = [pytest.mark.browser]
CATFORD_SOUTH = "E05013717"


def test_neighbourhood_officer_keeps_priorities_and_we_did_current(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("neighbourhood-officer")
    walk.check()
    follow(walk, "Ward priorities")
    follow(walk, "Catford South")
    page.get_by_role("button", name="Set priority").click()  # nothing filled in
    page.wait_for_load_state()
    walk.check()
    page.locator("#id_category").select_option(label="Anti-social behaviour")
    page.locator("#id_issue").fill("Noise and drinking in Canadian Avenue park after dark")
    page.locator("#id_action").fill("Evening patrols with the council's wardens.")
    page.locator("#id_set_by_1").check()
    page.locator("#id_review_by").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Set priority").click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_text("Noise and drinking in Canadian Avenue park").first.is_visible()
    page.get_by_role("link", name=re.compile("^Review ")).first.click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_label("What was done", exact=True).fill("Four evening patrols; the council fixed the gate lights.")
    page.get_by_label("Closed").check()
    page.get_by_label(re.compile("Publish what was done")).check()
    page.get_by_role("button", name="Record review").click()
    page.wait_for_load_state()
    walk.check()
    visit(walk, f"/priorities/wards/{CATFORD_SOUTH}/", "/feedback/staff/", "/priorities/staff/issues/?status=new")


def test_unit_lead_plans_an_activity_through_a_clash_and_the_ward_team_answers(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("engagement-lead")
    walk.check()
    follow(walk, "Open the engagement register")
    walk.goto("/activities/new/")
    walk.check()
    starts = timezone.localtime(timezone.now() + timedelta(days=10)).replace(hour=19, minute=0)
    page.get_by_label("Title").fill("Speed watch evening, Bromley Road")
    page.get_by_label("Why this is taking place").fill("Residents asked for help with speeding on Bromley Road.")
    page.get_by_label("Method").select_option(index=1)
    page.get_by_label("Wards (optional)").fill("Catford South")
    page.get_by_label("Starts").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").blur()
    page.get_by_label(re.compile("Pre-planned")).check()
    page.wait_for_load_state("networkidle")
    walk.check()
    # Only the short summary is announced, and only when it changes; the refreshed panel itself is not live.
    summary = page.locator("#planning-checks-summary[aria-live=polite]")
    summary.filter(has_text="possible clash").wait_for()
    assert page.locator("#planning-checks[aria-live]").count() == 0
    announced = summary.inner_text()
    page.get_by_label("Why this is taking place").fill("Residents asked for help with speeding near the school.")
    page.get_by_label("Why this is taking place").blur()
    page.wait_for_load_state("networkidle")
    assert summary.inner_text() == announced
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_role("heading", name="Speed watch evening, Bromley Road").is_visible()


def test_borough_champion_runs_a_consultation_and_checks_standards(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("borough-champion")
    walk.check()
    follow(walk, "Consultations")
    follow(walk, "Neighbourhood policing priorities in Lewisham (demo)")
    for name in ("Invitations", "Response rates", "Analysis"):
        link = page.get_by_role("link", name=re.compile(name, re.I))
        if link.count():
            link.first.click()
            page.wait_for_load_state()
            walk.check()
            page.go_back()
    visit(walk, "/activities/standards/", "/groups/reports/", "/alerts/messages/")
