import re

import pytest
from django.core.cache import cache

from conftest import assert_accessible


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_raise_an_issue_from_the_ward_page_and_see_the_reference(live_server, page, london):
    from feedback import services as feedback_services
    from places.models import Ward
    from priorities.models import Issue
    from priorities.tests.factories import PriorityFactory

    cache.clear()
    ward = Ward.objects.get(name="Catford South")
    priority = PriorityFactory(ward=ward, issue="Speeding <em>near</em> the school")
    record = feedback_services.ensure_record(subject=priority, by=None, title="Speeding", wards=[ward])
    feedback_services.add_entry(record=record, by=None, kind="did", text="Roadwatch sessions", check_permission=False)
    page.goto(f"{live_server.url}{ward.get_absolute_url()}")
    assert page.get_by_text("Speeding <em>near</em> the school").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Tell the team about a problem in {ward.name}").click()
    assert_accessible(page)
    page.get_by_label("Anti-social behaviour").check()
    page.get_by_label("What is happening?").fill("Motorbikes racing <b>through</b> the park at night")
    page.get_by_label("Every week").check()
    page.get_by_label("Email address").fill("resident@example.test")
    page.get_by_role("button", name="Send").click()
    reference = page.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"ISS-\d{4}-\d{6}", reference)
    issue = Issue.objects.get(reference=reference)
    assert issue.ward == ward
    assert issue.description == "Motorbikes racing <b>through</b> the park at night"
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_check_a_reported_problem_from_another_browser_without_javascript(live_server, browser, london):
    from places.models import Ward
    from priorities.tests.factories import IssueFactory

    cache.clear()
    ward = Ward.objects.get(name="Catford South")
    issue = IssueFactory(ward=ward, contact_email="resident@example.test", reference="ISS-2026-000777")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/priorities/status/")
        page.get_by_label("Reference number").fill("ISS-2026-000777")
        page.get_by_label("Email address you gave when you reported it").fill("someone@example.test")
        page.get_by_role("button", name="Check progress").click()
        assert page.get_by_text("We could not find a report").first.is_visible()
        page.get_by_label("Email address you gave when you reported it").fill("resident@example.test")
        page.get_by_role("button", name="Check progress").click()
        page.wait_for_url(re.compile(r"/priorities/status/[^/]+/$"))
        assert page.get_by_role("heading", level=1).inner_text() == issue.reference
        assert page.get_by_text("has not looked at it yet").is_visible()
    finally:
        context.close()
