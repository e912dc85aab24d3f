"""A partner gives tension information for their borough; the borough's lead starts the week's assessment, sees
the item and publishes; a central reader sees the change in the London summary. Every page passed is checked by
axe, at 320 px for sideways scrolling, and by the Nu HTML checker."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from activities.tests.factories import record
from alerts.tests.factories import MessageFactory
from groups.models import CommunityGroup
from groups.tests.factories import MemberFactory
from places.models import Ward
from tension import services
from workspace.tests.journeys.steps import follow, local_input, press, visit

pytestmark = [pytest.mark.browser]
TEXT = "Leaflets naming a family were pushed through doors on Bromley Road."


def _fill_week(page: Any, prefix: str, day: Any) -> None:
    page.locator(f'[name="{prefix}_day"]').fill(str(day.day))
    page.locator(f'[name="{prefix}_month"]').fill(str(day.month))
    page.locator(f'[name="{prefix}_year"]').fill(str(day.year))


def test_a_partner_adds_an_item_and_the_borough_lead_publishes(cast: Any) -> None:
    week = services.this_week() + timedelta(days=14)  # beyond the demo's weeks
    partner = cast("partner")
    visit(partner, "/tension/")
    follow(partner, "Give tension information")
    page = partner.page
    assert page.get_by_text("OFFICIAL-SENSITIVE").count() > 0
    page.get_by_label("Borough").select_option(label="Lewisham")
    _fill_week(page, "week", week)
    page.get_by_label("Evidenced").check()
    page.get_by_label("Local authority").check()
    page.get_by_label("B — usually reliable").check()
    press(partner, "Give the information")  # nothing said yet: the error names the field and leads to it
    assert page.locator(".govuk-error-summary").get_by_role("link", name="Enter what is known").count()
    page.get_by_label("What is known").fill(TEXT)
    press(partner, "Give the information")
    assert page.get_by_text("Thank you").is_visible()
    assert page.get_by_text(TEXT).count() == 1

    lead = cast("borough-champion")
    visit(lead, "/tension/")
    follow(lead, "Start a weekly assessment")
    lpage = lead.page
    lpage.get_by_label("Area").select_option(label="Lewisham")
    _fill_week(lpage, "week", week)
    lpage.get_by_label("3 — Elevated (elevated)").check()
    lpage.get_by_label("Rising").check()
    lpage.get_by_label("Summary").fill("Leaflets targeting one family; council and police aware.")
    press(lead, "Start the assessment")
    assert lpage.get_by_text(TEXT).count() == 1  # the partner's item is there for the lead
    press(lead, "Publish")
    assert lpage.get_by_text("Published:").is_visible()

    central = cast("central-champion")
    visit(central, f"/tension/london/?week={week.isoformat()}")
    changed = central.page.get_by_role("heading", name="What changed since last week")
    assert changed.count() == 1
    assert central.page.get_by_role("link", name="Lewisham").count() >= 1


def test_an_incident_lead_runs_a_tier_3_record(cast: Any) -> None:
    today = services.this_week() + timedelta(days=2)
    lead = cast("borough-champion")
    visit(lead, "/tension/incidents/")
    follow(lead, "Open an incident or event record")
    page = lead.page
    page.get_by_label("Title").fill("Vigil after a stabbing in Catford")
    page.get_by_label("Critical incident").check()
    page.get_by_label("Lewisham").check()
    _fill_week(page, "starts_on", today)
    page.get_by_label("Gold commander").fill("Ch Supt Gold (fictional)")
    press(lead, "Open the record")
    assert page.get_by_text("Record opened").is_visible()
    follow(lead, "Add a community impact assessment")
    _fill_week(page, "assessed_on", today)
    _fill_week(page, "next_review_on", today + timedelta(days=2))
    page.get_by_label("4 — Substantial (elevated)").check()
    page.get_by_label("Background").fill("A young man was stabbed near the station.")
    page.get_by_label("Communities affected").fill("Young people; the family's church.")
    page.get_by_label("Likely impact on communities").fill("Fear of reprisals.")
    press(lead, "Save the assessment")
    follow(lead, "Add to the advisory cell")
    page.get_by_label("Name").fill("Pat Adviser (fictional)")
    page.get_by_label("Independent advisory group member").check()
    press(lead, "Add")
    follow(lead, "Record advice")
    _fill_week(page, "given_on", today)
    page.get_by_label("Advice given").fill("Meet the family's pastor before the vigil.")
    press(lead, "Record the advice")
    follow(lead, "Record the decision")
    page.get_by_label("Decision taken").fill("Agreed: the borough commander meets the pastor.")
    press(lead, "Record the decision")
    catford = Ward.objects.get(name="Catford South")
    MessageFactory(subject="Vigil arrangements (fictional)", status="sent", sent_at=timezone.now(), wards=[catford])
    network = CommunityGroup.objects.get(name="Lewisham Key Individual Network")
    MemberFactory(group=network, name="Sam Keyperson (fictional)")
    patrol = record(wards=[catford], title="Reassurance patrol around the vigil (fictional)")
    follow(lead, "Link messages sent (alerts)")
    page.get_by_label(re.compile("Vigil arrangements")).check()
    press(lead, "Link the messages")
    assert page.get_by_text("1 message linked").is_visible()
    follow(lead, "Record a key individual network contact")
    page.get_by_label("Key individual").select_option(
        label="Sam Keyperson (fictional), Lewisham Key Individual Network"
    )
    page.get_by_label("Date and time").fill(f"{today.isoformat()} 17:00")
    page.get_by_label("Telephone").check()
    page.get_by_label("What was said").fill("The family asks for a quiet police presence.")
    press(lead, "Record the contact")
    follow(lead, "Add to the timeline")
    page.get_by_label("Date and time").fill(f"{today.isoformat()} 18:00")
    page.get_by_label("Reassurance patrol").check()
    page.get_by_label("What happened").fill("Patrols around the vigil.")
    press(lead, "Add")  # a patrol is a register activity: its number is asked for
    assert page.locator(".govuk-error-summary").get_by_role("link", name=re.compile("activity number")).count()
    page.get_by_label("Register activity number").fill(str(patrol.pk))
    press(lead, "Add")
    timeline = page.locator("ol.govuk-list")
    assert timeline.get_by_text("Patrols around the vigil.").count() == 1
    for text in ("Vigil arrangements (fictional)", "Sam Keyperson (fictional)", "Key individual contact (telephone)"):
        assert timeline.get_by_text(re.compile(re.escape(text))).count() >= 1, text
    assert page.get_by_role("link", name="Reassurance patrol around the vigil (fictional)").count() >= 1
    follow(lead, "Debrief and close")
    page.get_by_label("Debrief").fill("Calm vigil; the family thanked the team.")
    press(lead, "Save the debrief and close the record")
    assert page.get_by_text("record closed").is_visible()


def test_a_ward_standing_apart_leads_to_reassurance_engagement_linked_as_the_response(cast: Any) -> None:
    week = services.this_week() + timedelta(days=21)  # beyond the other journeys' weeks
    lead_user = get_user_model().objects.get(email="borough-champion@demo.engagehub.invalid")
    lewisham = Ward.objects.get(name="Catford South").borough
    item = services.add_item(
        by=lead_user,
        borough=lewisham,
        data={
            "week": week,
            "category": "experienced",
            "source_type": "community_contact",
            "reliability": "B",
            "text": "Shopkeepers on Rushey Green fear a repeat of last month's fight (fictional).",
        },
    )
    lead = cast("borough-champion")
    visit(lead, "/tension/")
    follow(lead, "Start a weekly assessment")
    page = lead.page
    page.get_by_label("Area").select_option(label="Lewisham")
    _fill_week(page, "week", week)
    page.get_by_label("2 — Guarded (normal)").check()
    page.get_by_label("Steady").check()
    press(lead, "Start the assessment")
    follow(lead, "Give a ward or community its own level")
    page.get_by_label("Ward").fill("Catford South")
    page.get_by_label("4 — Substantial (elevated)").check()
    page.get_by_label("Rising").check()
    press(lead, "Save its level")
    assert page.get_by_role("cell", name="Catford South ward", exact=True).count() == 1
    press(lead, "Publish")

    visit(lead, "/activities/fatigue/?borough=E09000023")
    notice = "Catford South ward, Lewisham tension: substantial, rising — consult the borough lead"
    assert page.get_by_text(notice).count() == 1
    follow(lead, "Plan reassurance engagement in Catford South")
    assert page.get_by_label("Title").input_value() == "Reassurance engagement in Catford South"
    assert "Catford South" in page.get_by_label("Wards (optional)").input_value()
    page.get_by_label("Method").select_option(label="Street briefing")
    unit = page.get_by_label("Organising unit")
    if not unit.input_value():
        unit.select_option(index=1)
    starts = timezone.localtime(timezone.now() + timedelta(days=20)).replace(hour=11, minute=0)
    page.get_by_label("Starts").fill(local_input(starts))
    page.get_by_label("Ends").fill(local_input(starts + timedelta(hours=2)))
    press(lead, "Save")
    assert page.get_by_role("heading", name="Reassurance engagement in Catford South").is_visible()

    visit(lead, f"/tension/items/{item.pk}/")
    page.get_by_label(re.compile("^Reassurance engagement in Catford South")).check()
    press(lead, "Save the response")
    assert page.get_by_text("The activities answering this item are saved.").is_visible()
    follow(lead, "Reassurance engagement in Catford South")
    assert page.get_by_role("heading", name="Response to community tension").is_visible()
    assert page.get_by_text(re.compile("Shopkeepers on Rushey Green")).count() == 1
