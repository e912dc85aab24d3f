import re

import pytest
from django.core.cache import cache

from conftest import assert_accessible


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_raise_an_issue_from_the_ward_page_and_see_the_reference(live_server, page, london):
    from places.models import Ward
    from priorities.models import Issue

    cache.clear()
    ward = Ward.objects.get(name="Catford South")
    page.goto(f"{live_server.url}{ward.get_absolute_url()}")
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
