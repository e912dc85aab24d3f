"""Links to engagement: an elevated or rising borough shows on the register's planning checks and the fatigue
view (through `core.registry.planning_notices`, so activities knows nothing of tension); and tier-3 records."""

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

import activities
from activities.tests.factories import record
from core.models import AuditEntry
from organisations.models import Role
from tension import services
from tension.models import MARKING, Assessment, Incident

pytestmark = pytest.mark.django_db


def _plan_form(unit: Any) -> dict[str, str]:
    starts = timezone.localtime(timezone.now() + timedelta(days=7)).replace(hour=18, minute=0)
    return {
        "title": "Catford street briefing",
        "purpose": "Hear concerns",
        "method": "street_briefing",
        "tier": "business_group",
        "organising_unit": str(unit.pk),
        "wards": "Catford South",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "is_public": "on",
        "pre_planned": "on",
    }


def test_an_elevated_borough_shows_on_the_planning_checks_to_those_who_read_tension(
    client: Any, officer: Any, ward_team: Any, draft: Assessment, lead: Any
) -> None:
    client.force_login(lead)
    checks = client.post(reverse("activities:check"), _plan_form(ward_team), HTTP_HX_REQUEST="true")
    assert "tension" not in checks.content.decode()  # a draft is not shown
    services.publish_assessment(by=lead, assessment=draft)  # level 3, rising
    checks = client.post(reverse("activities:check"), _plan_form(ward_team), HTTP_HX_REQUEST="true")
    assert "Lewisham tension: elevated, rising — consult the borough lead" in checks.content.decode()
    assert "Watching." not in checks.content.decode()  # the level only, never the assessment itself
    client.force_login(officer)  # plans in Catford South, may not read tension
    checks = client.post(reverse("activities:check"), _plan_form(ward_team), HTTP_HX_REQUEST="true")
    assert checks.status_code == 200 and "tension" not in checks.content.decode()


def test_an_elevated_borough_shows_on_the_fatigue_view(client: Any, lead: Any, draft: Assessment) -> None:
    services.publish_assessment(by=lead, assessment=draft)
    client.force_login(lead)
    html = client.get(reverse("activities:fatigue")).content.decode()
    assert "Lewisham tension: elevated, rising — consult the borough lead" in html


def test_a_low_steady_borough_shows_nothing(client: Any, lead: Any, lewisham: Any) -> None:
    a = services.start_assessment(by=lead, borough=lewisham, week=services.this_week(), level=2, trend="steady")
    services.publish_assessment(by=lead, assessment=a)
    client.force_login(lead)
    assert "consult the borough lead" not in client.get(reverse("activities:fatigue")).content.decode()


def _date(prefix: str, day: Any) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_an_incident_lead_runs_a_tier_3_record(client: Any, lead: Any, lewisham: Any, ward_team: Any) -> None:
    today = timezone.localdate()
    client.force_login(lead)
    response = client.post(
        reverse("tension:incident_create"),
        {
            "title": "March through Catford",
            "kind": "protest",
            "boroughs": [str(lewisham.pk)],
            **_date("starts_on", today),
            "gold_commander": "Gold A",
            "silver_commander": "Silver B",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    url = lambda name, *extra: reverse(f"tension:{name}", args=[incident.pk, *extra])  # noqa: E731
    assert (
        client.post(
            url("cia_create"),
            {
                **_date("assessed_on", today),
                **_date("next_review_on", today),
                "level": "3",
                "background": "Two marches.",
                "communities_affected": "Faith groups",
                "impact": "Fear",
            },
        ).status_code
        == 302
    )
    assert client.post(url("adviser_create"), {"name": "A. Adviser", "kind": "iag"}).status_code == 302
    adviser = incident.advisers.get()
    assert (
        client.post(
            url("advice_create"),
            {"adviser": str(adviser.pk), **_date("given_on", today), "advice": "Brief the mosque first."},
        ).status_code
        == 302
    )
    advice = incident.advice.get()
    assert (
        client.post(url("advice_decision", advice.pk), {"decision": "Agreed", "decided_by": "Silver"}).status_code
        == 302
    )
    activity = record(boroughs=[lewisham])
    response = client.post(
        url("timeline_create"),
        {
            "at": f"{today.isoformat()} 09:00",
            "kind": "patrol",
            "text": "Reassurance patrol.",
            "activity_id": str(activity.pk),
        },
    )
    assert response.status_code == 302
    assert list(incident.engagement.all()) == [activity]
    page = client.get(incident.get_absolute_url()).content.decode()
    assert MARKING in page and "Brief the mosque first." in page and "Agreed" in page and "Reassurance patrol." in page
    assert client.post(url("debrief"), {"debrief": "Went well."}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == "closed"
    export = client.get(url("incident_csv"))
    text = export.content.decode()
    assert text.startswith(MARKING) and "Brief the mosque first." in text and "Agreed" in text
    assert AuditEntry.objects.filter(actor=lead, action="tension.read.incident_export_csv").exists()


def test_incident_bad_input_and_other_boroughs(
    client: Any, lead: Any, make_staff: Any, lewisham: Any, lambeth: Any
) -> None:
    today = timezone.localdate()
    client.force_login(lead)
    base = {"title": "Event", "kind": "major_event", **_date("starts_on", today)}
    response = client.post(reverse("tension:incident_create"), {**base, "boroughs": [str(lambeth.pk)]})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("tension:incident_create"),
        {**base, "boroughs": [str(lewisham.pk)], **_date("ends_on", today - timedelta(days=1))},
    )
    assert response.status_code == 400 and "The last day must be on or after the first day" in response.content.decode()
    assert not Incident.objects.exists()
    incident = services.record_incident(
        by=lead, data={"title": "Event", "kind": "protest", "boroughs": [lewisham], "starts_on": today}
    )
    client.force_login(make_staff(Role.BOROUGH_CHAMPION, boroughs=(lambeth,)))
    assert client.get(incident.get_absolute_url()).status_code == 404
    assert client.get(reverse("tension:incident_csv", args=[incident.pk])).status_code == 404
    assert client.post(reverse("tension:debrief", args=[incident.pk]), {"debrief": "x"}).status_code == 404


def test_the_gold_group_pdf_is_marked(client: Any, lead: Any, lewisham: Any) -> None:
    pytest.importorskip("weasyprint")
    incident = services.record_incident(
        by=lead, data={"title": "Event", "kind": "protest", "boroughs": [lewisham], "starts_on": timezone.localdate()}
    )
    client.force_login(lead)
    response = client.get(reverse("tension:incident_pdf", args=[incident.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert io.BytesIO(response.content).read(4) == b"%PDF"


def test_the_register_does_not_know_tension() -> None:
    """Dependencies point downward: activities shows the notices of `core.registry.planning_notices` only."""
    root = Path(activities.__file__).parent
    sources = [p for p in root.rglob("*.py") if "tests" not in p.parts]
    assert sources
    assert not [str(p) for p in sources if "import tension" in p.read_text() or "from tension" in p.read_text()]


def test_a_lead_links_an_item_to_an_incident_and_partners_are_not_told_of_incidents(
    client: Any, lead: Any, partner: Any, lewisham: Any
) -> None:
    today = timezone.localdate()
    incident = services.record_incident(
        by=lead, data={"title": "Secret operation", "kind": "operation", "boroughs": [lewisham], "starts_on": today}
    )
    client.force_login(partner)
    assert "Secret operation" not in client.get(reverse("tension:item_create")).content.decode()
    client.force_login(lead)
    data = {
        "area": "E09000023",
        **_date("week", today),
        "category": "potential",
        "source_type": "police",
        "reliability": "A",
        "text": "Planned counter-protest.",
        "incident": str(incident.pk),
    }
    assert client.post(reverse("tension:item_create"), data).status_code == 302
    assert incident.items.get().text == "Planned counter-protest."
    assert "Planned counter-protest." in client.get(incident.get_absolute_url()).content.decode()  # on the timeline
