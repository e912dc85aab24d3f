import pytest
from playwright.sync_api import expect

from conftest import assert_accessible
from groups.models import JoinRequest
from groups.tests.factories import WardPanelFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_asks_to_join_their_ward_panel_from_the_ward_page(live_server, page, ward):
    panel = WardPanelFactory(ward=ward, purpose="Agrees the ward's policing priorities with the local team.")
    page.goto(f"{live_server.url}{ward.get_absolute_url()}")
    page.get_by_role("link", name="Catford South Ward Panel", exact=True).click()
    expect(page.get_by_role("heading", name="Catford South Ward Panel")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ask to join Catford South Ward Panel").click()
    page.get_by_label("Your name").fill("Ada Lantern (demo)")
    page.get_by_label("Email address").fill("ada@example.test")
    page.get_by_role("button", name="Send request").click()
    # No consent: a clear error, and what was typed is kept.
    expect(page.get_by_text("Tick the box to agree").first).to_be_visible()
    assert page.get_by_label("Your name").input_value() == "Ada Lantern (demo)"
    assert_accessible(page)
    page.get_by_role("group", name="What is your sex? (optional)").get_by_label("Female").check()
    page.get_by_label("I agree that the police").check()
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    assert_accessible(page)
    assert JoinRequest.objects.get(group=panel).name == "Ada Lantern (demo)"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_representativeness_chart_and_table_are_accessible(live_server, page, ward, make_staff):
    from django.conf import settings
    from django.test import Client

    from equality.services import record_answers
    from groups.tests.factories import MemberFactory
    from organisations.models import Role

    panel = WardPanelFactory(ward=ward)
    for i in range(14):
        member = MemberFactory(group=panel)
        answers = {"sex": "male" if i < 9 else "female", "ethnic_group": "white_british" if i < 10 else "black_african"}
        record_answers(subject_key=member.subject_key, contexts=[panel.context], answers=answers)
    client = Client()
    client.force_login(make_staff(Role.OVERSIGHT_READER, london_wide=True))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.goto(f"{live_server.url}/groups/{panel.pk}/representativeness/")
    expect(page.get_by_role("heading", name="How representative is the group?")).to_be_visible()
    expect(page.get_by_role("img", name="Ethnic group: share of members")).to_be_visible()
    assert_accessible(page)
