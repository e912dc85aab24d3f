"""A volunteer's journey on a phone-sized page, and a hub coordinator's: through the real forms, every page passed
checked by axe, at 320 px and by the Nu HTML checker."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from organisations.models import Unit
from places.models import Borough
from volunteers import services
from volunteers.models import Output, Volunteer

pytestmark = [pytest.mark.browser]
LEWISHAM = "E09000023"


def _deployment_starting_now(title: str) -> None:
    users = get_user_model().objects
    hub = users.get(email="central-champion@demo.engagehub.invalid")
    robin = Volunteer.objects.get(user__email="volunteer@demo.engagehub.invalid")
    start = timezone.now() + timedelta(minutes=30)
    opportunity = services.post_opportunity(
        by=hub,
        data={
            "title": title,
            "description": "Bike marking outside the station.",
            "unit": Unit.objects.get(short_name="TP (SN)"),
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "places": 3,
        },
        boroughs=[Borough.objects.get(code=LEWISHAM)],
    )
    services.invite(by=hub, opportunity=opportunity, volunteers=[robin])


def _sign_in_volunteer(walk: Any) -> None:
    """A volunteer's account has no staff home to land on: they come back to their volunteering."""
    walk.sign_in("volunteer", next_path="/volunteers/me/", lands=r"/volunteers/me/$")


def test_a_volunteer_accepts_checks_in_and_logs_output(journey: Any, django_db_blocker: Any) -> None:
    walk, page = journey, journey.page
    title = "Bike marking, Catford Bridge station (journey)"
    with django_db_blocker.unblock():
        _deployment_starting_now(title)
    page.set_viewport_size({"width": 375, "height": 800})
    _sign_in_volunteer(walk)
    walk.check()
    page.get_by_role("button", name=re.compile(f"^Accept {re.escape(title)}")).click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_text("You have a place on").is_visible()
    page.get_by_role("link", name=re.compile(re.escape(title))).click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_role("button", name="Check in").click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_text("You are checked in.").is_visible()
    page.get_by_label("What was produced").select_option(label="Bikes marked")
    page.get_by_label("How many").fill("-4")
    page.get_by_role("button", name="Record output").click()
    page.wait_for_load_state()
    walk.check()
    page.get_by_label("How many").fill("14")
    page.get_by_role("button", name="Record output").click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_text("Output recorded").is_visible()
    page.get_by_role("button", name="Check out").click()
    page.wait_for_load_state()
    walk.check()
    with django_db_blocker.unblock():
        assert Output.objects.filter(opportunity__title=title, count=14, kind="bikes").exists()


def test_a_hub_coordinator_posts_fills_and_reports(journey: Any) -> None:
    walk, page = journey, journey.page
    walk.sign_in("central-champion")
    walk.goto("/volunteers/")
    walk.check()
    page.get_by_label("Kind").select_option(label="Mobile hub volunteer")
    page.get_by_role("button", name="Filter volunteers").click()
    page.wait_for_load_state()
    walk.check()
    walk.goto("/volunteers/opportunities/new/")
    walk.check()
    start = timezone.localtime(timezone.now() + timedelta(days=9)).replace(hour=10, minute=0)
    page.get_by_label("Title").fill("Weapon sweep, Ladywell Fields (journey)")
    page.get_by_label("What volunteers will do").fill("Sweep the park with the neighbourhood team.")
    page.get_by_label("Organising unit").select_option(index=1)
    page.get_by_label("Boroughs").select_option(label="Lewisham")
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Places needed").fill("5")
    page.get_by_role("button", name="Post").click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_text("recorded in the engagement register").is_visible()
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Invite").click()
    page.wait_for_load_state()
    walk.check()
    assert page.get_by_text("1 volunteer invited").is_visible()
    walk.goto("/volunteers/outputs/")
    walk.check()
    assert page.get_by_text(re.compile(r"across \d+ boroughs? over the last 3 months")).first.is_visible()
    walk.goto("/volunteers/vetting/")
    walk.check()
    walk.goto("/volunteers/campaigns/")
    walk.check()
    page.get_by_role("link", name=re.compile("Call-backs")).click()
    page.wait_for_load_state()
    walk.check()
