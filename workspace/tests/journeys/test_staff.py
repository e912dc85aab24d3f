"""Each staff role's main jobs, from signing in (password and TOTP code) to the end, through the real forms.

Every page passed is checked by axe, at 320 px for sideways scrolling, and by the Nu HTML checker.
"""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser]
CATFORD_SOUTH = "E05013717"


def _visit(walk: Any, *paths: str) -> None:
    for path in paths:
        response = walk.goto(path)
        assert response.status < 400, f"{path}: {response.status}"
        walk.check()


def _click(walk: Any, name: str, role: str = "link") -> None:
    walk.page.get_by_role(role, name=name).first.click()  # type: ignore[arg-type]
    walk.page.wait_for_load_state()
    walk.check()


def test_neighbourhood_officer_keeps_priorities_and_we_did_current(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("neighbourhood-officer")
    walk.check()
    _click(walk, "Ward priorities")
    _click(walk, "Catford South")
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
    _visit(walk, f"/priorities/wards/{CATFORD_SOUTH}/", "/feedback/staff/", "/priorities/staff/issues/?status=new")


def test_unit_lead_plans_an_activity_through_a_clash_and_the_ward_team_answers(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("engagement-lead")
    walk.check()
    _click(walk, "Open the engagement register")
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


def test_team_sergeant_answers_a_prior_consultation(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("team-sergeant")
    walk.check()
    _click(walk, "See all notifications")
    _visit(walk, "/activities/", "/activities/?consultation=pending")
    link = page.locator("main a[href*='/consultation']").first
    if link.count():
        link.click()
        page.wait_for_load_state()
        walk.check()


def test_borough_champion_runs_a_consultation_and_checks_standards(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("borough-champion")
    walk.check()
    _click(walk, "Consultations")
    _click(walk, "Neighbourhood policing priorities in Lewisham (demo)")
    for name in ("Invitations", "Response rates", "Analysis"):
        link = page.get_by_role("link", name=re.compile(name, re.I))
        if link.count():
            link.first.click()
            page.wait_for_load_state()
            walk.check()
            page.go_back()
    _visit(walk, "/activities/standards/", "/groups/reports/", "/alerts/messages/")


def test_borough_champion_sends_an_alert_to_a_groups_members(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("borough-champion")
    _click(walk, "Write a message")
    page.get_by_role("button", name="Save and preview").click()  # nothing filled in
    page.wait_for_load_state()
    walk.check()
    page.get_by_label("Kind of message").select_option(index=1)
    page.get_by_label("Subject", exact=True).fill("Catford South ward panel moves to the library")
    page.get_by_label("Body", exact=True).fill("From next month the panel meets at Catford library, 7pm.")
    page.get_by_label("Members of a group (optional)").select_option(index=1)
    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_load_state()
    walk.check()
    assert "/alerts/messages/" in page.url and "/new/" not in page.url, page.url
    assert "<p>" not in page.locator("main").inner_text(), "the preview shows raw HTML tags"


def test_group_officer_runs_a_meeting_and_accepts_a_join_request(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("group-officer")
    walk.check()
    _click(walk, "Your groups")
    _click(walk, "Catford South Ward Panel")
    _click(walk, "Schedule meetings")
    page.get_by_role("button", name=re.compile("Schedule|Save")).first.click()  # nothing filled in
    page.wait_for_load_state()
    walk.check()
    _visit(walk, "/groups/briefings/")


def test_group_officer_adds_a_paper_to_a_meeting(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("group-officer")
    _click(walk, "Your groups")
    _click(walk, "Catford South Ward Panel")
    page.locator("main a[href^='/groups/meetings/']").first.click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_text("Add a paper", exact=True).click()  # the form sits in a details element
    page.locator("#id_paper-title").fill("Agenda")
    page.locator("#id_paper-file").set_input_files(
        files=[{"name": "agenda.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.get_by_role("button", name="Upload paper").click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_role("link", name=re.compile("Agenda")).count() > 0


def test_oversight_reader_reads_groups_plans_reports_and_the_board_pdf(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("oversight-reader")
    walk.check()
    _visit(walk, "/groups/reports/", "/plans/", "/consultations/staff/")
    pdf = page.locator("main a[href$='.pdf'], main a[href*='pdf']").first
    if pdf.count():
        response = page.request.get(walk.site.url + pdf.get_attribute("href"))
        assert response.ok
        assert response.body().startswith(b"%PDF")


def test_partner_sees_and_shares_planned_activity(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("partner")
    walk.check()
    _click(walk, "Open the engagement register")
    page.locator("main table a").first.click()
    page.wait_for_load_state()
    walk.check()
    response = page.request.get(walk.site.url + "/boroughs/E09000023/calendar.ics")
    assert response.ok and b"BEGIN:VCALENDAR" in response.body()


def test_administrator_manages_units_users_and_roles(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("admin")
    walk.check()
    _visit(walk, "/organisations/")
    _click(walk, "Add a unit")
    page.get_by_role("button", name=re.compile("Save|Add|Create")).first.click()  # nothing filled in
    page.wait_for_load_state()
    walk.check()
    _visit(walk, "/organisations/catford-south-lewisham/")


def test_oversight_reader_sees_londons_groups(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("oversight-reader")
    _visit(walk, "/groups/")
    assert page.locator("main a[href^='/groups/']").filter(has_text="Ward Panel").count() > 0
