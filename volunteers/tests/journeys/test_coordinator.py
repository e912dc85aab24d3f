"""A hub coordinator changes and cancels an opportunity someone accepted, reads the hours and long-service report,
and shares out a campaign's targets: through the real pages, each checked by axe and the HTML checker."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from notifications.models import OutboundEmail
from organisations.models import Unit
from places.models import Borough
from volunteers import services
from volunteers.models import Opportunity, Volunteer

pytestmark = [pytest.mark.browser]
LEWISHAM = "E09000023"


def _accepted_by_robin(title: str) -> int:
    hub = get_user_model().objects.get(email="central-champion@demo.engagehub.invalid")
    robin = Volunteer.objects.get(user__email="volunteer@demo.engagehub.invalid")
    start = timezone.localtime(timezone.now() + timedelta(days=12)).replace(hour=11, minute=0, second=0, microsecond=0)
    opportunity = services.post_opportunity(
        by=hub,
        data={
            "title": title,
            "description": "Food deliveries with the local authority.",
            "unit": Unit.objects.get(short_name="TP (SN)"),
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "places": 3,
        },
        boroughs=[Borough.objects.get(code=LEWISHAM)],
    )
    (invitation,), _ = services.invite(by=hub, opportunity=opportunity, volunteers=[robin])
    services.answer(by=robin.user, invitation=invitation, accept=True)
    return opportunity.pk


def test_a_coordinator_changes_and_cancels_reads_hours_and_assigns(journey: Any, django_db_blocker: Any) -> None:
    walk, page = journey, journey.page
    title = "Food deliveries, Bellingham (journey)"
    with django_db_blocker.unblock():
        pk = _accepted_by_robin(title)
    walk.sign_in("central-champion")
    walk.goto(f"/volunteers/opportunities/{pk}/")
    walk.check()
    assert page.get_by_text(re.compile(r"km away")).first.is_visible()
    page.get_by_role("link", name=re.compile("^Change details")).click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_label("Starts").fill(
        timezone.localtime(timezone.now() + timedelta(days=13)).replace(hour=11, minute=0).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Ends").fill(
        timezone.localtime(timezone.now() + timedelta(days=13)).replace(hour=13, minute=0).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_text("Opportunity changed").is_visible()
    page.get_by_role("button", name="Cancel the opportunity").click()  # no reason given
    page.wait_for_load_state()
    walk.check()
    assert page.locator(".govuk-error-message").first.is_visible()
    page.get_by_label("Why is it cancelled?").fill("The food bank has closed for the week.")
    page.get_by_role("button", name="Cancel the opportunity").click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_text("1 volunteer with a place emailed").is_visible()
    with django_db_blocker.unblock():
        assert Opportunity.objects.get(pk=pk).is_cancelled
        assert OutboundEmail.objects.filter(
            to="volunteer@demo.engagehub.invalid", subject__startswith="New time"
        ).exists()
        assert OutboundEmail.objects.filter(subject=f"Cancelled: {title}").exists()
    walk.goto("/volunteers/hours/")
    walk.check()
    assert page.get_by_role("link", name="Robin Ashgrove (demo)").is_visible()
    walk.goto("/volunteers/campaigns/")
    page.get_by_role("link", name=re.compile("Call-backs")).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Assign targets and people").click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_role("button", name=re.compile("^Share evenly")).click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_text(re.compile(r"targets shared among 1 person")).is_visible()
