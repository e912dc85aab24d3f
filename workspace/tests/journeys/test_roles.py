"""Group officer, oversight reader, partner and administrator: each one's main jobs through the real pages.

Every page passed is checked by axe, at 320 px for sideways scrolling, and by the Nu HTML checker.
"""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from website.tests.journeys.conftest import sign_up
from workspace.tests.journeys.steps import follow, local_input, press, visit

pytestmark = [pytest.mark.browser]
CATFORD_SOUTH = "E05013717"


def _ask_to_join(visitor: Any, name: str, email: str) -> None:
    page = visitor.page
    visitor.goto(f"/wards/{CATFORD_SOUTH}/")
    follow(visitor, "Ask to join the Catford South Ward Panel")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Why would you like to join?").fill("I run the tenants' association on the estate.")
    page.locator("#id_consent").check()
    press(visitor, re.compile("Send|Ask"))
    assert page.url.endswith("/join/sent/"), page.url


def test_group_officer_runs_a_meeting_and_accepts_a_join_request(cast: Any) -> None:
    _ask_to_join(cast.visitor(), "Kwame Testperson-Adeyemi", "kwame-joins@example.test")

    officer = cast("group-officer")
    page = officer.page
    follow(officer, "Your groups")
    follow(officer, "Catford South Ward Panel")
    group = page.url
    follow(officer, "Schedule meetings")
    press(officer, "Schedule")  # nothing filled in
    summary = page.locator(".govuk-error-summary")
    for link in summary.get_by_role("link").all():
        assert page.locator(link.get_attribute("href") or "").count() == 1, link.inner_text()
    began = timezone.now() - timedelta(hours=3)
    page.get_by_label("Starts").fill(local_input(began))
    page.get_by_label("Ends").fill(local_input(began + timedelta(hours=2)))
    page.get_by_label("Venue").fill("Catford library, community room")
    page.get_by_label("Agenda").fill("1. Welcome\n2. Priorities review\n3. Street lighting")
    press(officer, "Schedule")
    assert page.url == group, page.url

    # The meeting just held: a paper, the minutes and an action.
    follow(officer, timezone.localtime(began).strftime("%a %-d %b %Y, %H:%M"))
    assert page.get_by_text("Street lighting").count() > 0
    page.get_by_text("Add a paper", exact=True).click()
    page.get_by_label("Title").fill("Priorities report")
    page.get_by_label("File").set_input_files(
        files=[{"name": "priorities.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    press(officer, "Upload paper")
    assert page.get_by_role("link", name="Priorities report").count() == 1
    page.get_by_label("Minutes", exact=True).fill("The panel reviewed its priorities and kept all three.")
    page.get_by_label("Other people who attended").fill("4")
    press(officer, "Save minutes")
    assert page.get_by_text("The panel reviewed its priorities").count() > 0
    page.get_by_text("Add an action", exact=True).click()
    page.get_by_label("Action", exact=True).fill("Ask the council for a lighting survey")
    page.get_by_label("Owner").fill("Chair")
    page.get_by_label("Due by").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    press(officer, "Add action")
    press(officer, re.compile("^Mark done"))
    assert page.get_by_role("button", name=re.compile("^Mark done")).count() == 0

    # The request to join.
    officer.goto(group.removeprefix(officer.site.url))
    officer.check()
    decision = page.get_by_role("group", name="Decision on Kwame Testperson-Adeyemi's request")
    decision.get_by_label("Accept").check()
    press(officer, "Send decision")
    assert page.get_by_text("Kwame Testperson-Adeyemi was accepted").is_visible()
    assert any("kwame-joins@example.test" in m.to for m in mail.outbox)


def test_oversight_reader_reads_groups_plans_reports_and_the_board_pdf(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("oversight-reader")
    walk.check()
    visit(walk, "/groups/")
    assert page.locator("main a[href^='/groups/']").filter(has_text="Ward Panel").count() > 0
    follow(walk, re.compile("Ward Panel$"))
    visit(walk, "/groups/reports/", "/consultations/staff/", "/plans/")
    page.locator("main a[href^='/plans/']").first.click()
    walk.check()
    follow(walk, "Progress report")
    pdf = page.get_by_role("link", name="PDF")
    response = page.request.get(walk.site.url + (pdf.get_attribute("href") or ""))
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF")


def test_partner_sees_and_shares_planned_activity(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("partner")
    walk.check()
    follow(walk, "Open the engagement register")
    page.locator("main table a[href^='/activities/']").first.click()
    walk.check()
    visit(walk, "/activities/calendar/")
    response = page.request.get(walk.site.url + "/activities/export.csv?borough=E09000023")
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    assert "title" in response.text().splitlines()[0]
    response = page.request.get(walk.site.url + "/boroughs/E09000023/calendar.ics")
    assert response.ok and b"BEGIN:VCALENDAR" in response.body()


def test_administrator_manages_units_users_and_roles(cast: Any) -> None:
    # A new member of staff makes their own account; the administrator gives them a unit and a role.
    newcomer = cast.visitor("newcomer")
    sign_up(newcomer, "new-sergeant@example.test")

    admin = cast("admin")
    page = admin.page
    visit(admin, "/organisations/")
    follow(admin, "Add a unit")
    press(admin, re.compile("Save|Add|Create"))  # nothing filled in
    for link in page.locator(".govuk-error-summary").get_by_role("link").all():
        assert page.locator(link.get_attribute("href") or "").count() == 1, link.inner_text()
    page.get_by_label("Name", exact=True).fill("Catford Town Centre Business Crime Team")
    page.get_by_label("Kind").select_option(label="Command unit")
    page.get_by_label(re.compile("^Borough")).select_option(label="Lewisham")
    press(admin, re.compile("Save|Add|Create"))
    assert page.get_by_role("heading", name="Catford Town Centre Business Crime Team").is_visible(), page.url
    follow(admin, re.compile("Add a post|Add someone|Add a person"))
    page.get_by_label("Email address of the person").fill("new-sergeant@example.test")
    page.get_by_label("Role").select_option(label="Neighbourhood officer")
    press(admin, re.compile("Save|Add"))
    assert page.get_by_text("new-sergeant@example.test").count() > 0
    follow(admin, "Change post of new-sergeant@example.test")
    page.get_by_label("Role").select_option(label="Borough engagement champion")
    press(admin, "Save")
    assert page.get_by_text("Borough engagement champion").count() > 0
    follow(admin, "Remove post of new-sergeant@example.test")
    press(admin, re.compile("Remove"))
    assert page.get_by_text("Nobody holds a post in this unit yet.").is_visible()
