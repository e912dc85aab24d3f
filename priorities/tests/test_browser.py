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
