import pytest
from playwright.sync_api import expect

from conftest import assert_accessible
from consultations.models import Response
from consultations.tests.factories import build_survey


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_answers_a_consultation_with_a_condition(live_server, page, london):
    from places.models import Borough

    lewisham = Borough.objects.get(code="E09000023")
    c, qs = build_survey(boroughs=[lewisham])
    page.goto(f"{live_server.url}{c.get_absolute_url()}")
    assert page.get_by_role("heading", name="What can still change").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Answer this consultation").click()
    # The conditional question is hidden until its condition is met (and works without JavaScript too).
    where = page.get_by_role("group", name="Question where")
    # The page may still be running its script when the click returns: wait for it.
    expect(where).to_be_hidden()
    page.get_by_role("group", name="Question seen").get_by_label("Yes").check()
    expect(where).to_be_visible()
    where.get_by_label("Patrol").check()
    page.get_by_role("group", name="Question safe").get_by_label("Agree", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(page)
    response = Response.objects.get()
    assert response.answers.filter(question=qs["where"], option="Patrol").exists()
