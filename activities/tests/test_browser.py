from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from activities.tests.factories import record
from conftest import assert_accessible


def _login(page, live_server, user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_planner_sees_clash_while_filling_the_form_then_saves(live_server, page, officer, ward):
    starts = timezone.localtime(timezone.now() + timedelta(days=9)).replace(hour=18, minute=0)
    record(wards=[ward], title="Borough youth forum (other unit)", starts_at=starts + timedelta(days=1))
    _login(page, live_server, officer)
    page.goto(f"{live_server.url}/activities/new/")
    page.locator("#id_title").fill("Catford street surgery")
    page.locator("#id_purpose").fill("To hear residents about the high street")
    page.locator("#id_method").select_option("street_briefing")
    page.locator("#id_wards").fill("Catford South")
    page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ends_at").fill((starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ends_at").blur()
    page.get_by_text("Borough youth forum (other unit)").wait_for()
    # The fatigue line itself (the live region repeats it in its summary for screen readers).
    expect(page.locator("li").filter(has_text="Catford South has had")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Catford street surgery")).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_champion_overrules_an_objection_and_reads_the_standards(live_server, page, make_staff, lewisham, ward):
    from activities import services
    from activities.models import MinimumStandard, PriorConsultation
    from organisations.models import Role, Unit
    from organisations.tests.factories import UnitFactory

    team = UnitFactory(name="Catford South SNT", kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=ward, borough=lewisham)
    sergeant = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team)
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    MinimumStandard.objects.create(name="Each ward panel meets quarterly", level="ward", method="panel_meeting")
    activity = record(wards=[ward], title="Traffic roadshow", organising_unit=UnitFactory())
    services.respond_to_consultation(
        consultation=activity.consultations.get(), by=sergeant, state="objected", comment="Panel night"
    )
    _login(page, live_server, champion)
    page.goto(f"{live_server.url}/activities/waiting/")
    expect(page.get_by_role("heading", name="Objections to settle")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Traffic roadshow").first.click()
    assert_accessible(page)
    page.get_by_label("Reason for overruling the objection").fill("Road safety week cannot move.")
    page.get_by_role("button", name="Overrule the objection").click()
    expect(page.get_by_text("Objection overruled").first).to_be_visible()
    assert PriorConsultation.objects.get().state == "overruled"
    page.goto(f"{live_server.url}/activities/standards/")
    assert_accessible(page)
    page.get_by_role("link", name="Why not").first.click()
    expect(page.get_by_role("heading", name="Each ward panel meets quarterly")).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_reads_fatigue_and_never_asked_on_a_map_with_tables(live_server, page, make_staff, lewisham, ward):
    from organisations.models import Role

    for days in range(1, 6):
        record(wards=[ward], title=f"Visit {days}", starts_at=timezone.now() - timedelta(days=days))
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    _login(page, live_server, reader)
    page.goto(f"{live_server.url}/activities/fatigue/?borough={lewisham.code}&level=high")
    expect(page.get_by_role("group", name="Share of each borough's wards at medium or high fatigue")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Catford South")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/activities/never-asked/?months=3")
    expect(page.get_by_role("group", name="Share of each borough's wards with nothing in 3 months")).to_be_visible()
    page.get_by_role("link", name="Lewisham: 18 of 19 wards with nothing in 3 months").click()
    expect(page.locator("#borough")).to_have_value(lewisham.code)
    assert_accessible(page)
