import pytest
from django.core.management import call_command

from conftest import assert_accessible


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_reads_the_2011_action_plan_and_its_progress_report(live_server, page, london):
    call_command("load_reference_plans", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Action plans").first.click()
    page.get_by_role("link", name="MPA / MPS Community Engagement Commitment 2010-2013: MPS Action Plan").click()
    assert page.get_by_role("heading", name="Principle 3: Preparation").is_visible()
    assert page.get_by_text("Work in progress with oversight of CSB").first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Progress report").click()
    page.get_by_label("Report as of").fill("2011-04-30")
    page.get_by_role("button", name="Show report").click()
    assert page.get_by_role("heading", name="Progress report as of 30 April 2011").is_visible()
    assert_accessible(page)
