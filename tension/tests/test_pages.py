"""The tension pages as people use them: a partner gives an item, the lead reviews and publishes, the London
summary shows what changed; bad input is refused with a clear message and nothing saved."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from activities.tests.factories import record
from core.models import AuditEntry
from organisations.models import Role
from tension import services
from tension.models import MARKING, Assessment, Item

pytestmark = pytest.mark.django_db


def _week_fields(day: Any, prefix: str = "week") -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _item_post(**extra: Any) -> dict[str, Any]:
    data = {
        "area": "E09000023",
        **_week_fields(services.this_week()),
        "category": "evidenced",
        "source_type": "local_authority",
        "reliability": "B",
        "text": "Posters removed from a bus shelter.",
        "wards": "Catford South",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_a_partner_gives_an_item_for_their_borough(client: Any, partner: Any) -> None:
    client.force_login(partner)
    form = client.get(reverse("tension:item_create"))
    assert form.status_code == 200 and MARKING in form.content.decode()
    assert "Lambeth" not in form.content.decode()  # only their own borough is offered
    response = client.post(reverse("tension:item_create"), _item_post())
    assert response.status_code == 302
    item = Item.objects.get()
    assert item.contributed_by == partner and item.borough.name == "Lewisham"
    assert [w.name for w in item.wards.all()] == ["Catford South"]
    assert AuditEntry.objects.filter(action="tension.item.add", actor=partner).exists()


def test_a_partner_filing_for_another_borough_is_refused(client: Any, partner: Any) -> None:
    client.force_login(partner)
    response = client.post(reverse("tension:item_create"), _item_post(area="E09000022", wards=""))  # Lambeth
    assert response.status_code == 403
    assert "only for your own borough" in response.content.decode()
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", None, "Select category"),
        ("source_type", None, "Select source type"),
        ("category", "rumour", "Select a valid choice"),
        ("text", "", "Enter what is known"),
        ("area", "nowhere", "Choose a borough from the list"),
        ("wards", "Brixton Windrush", "Every ward must be in Lewisham"),
    ],
)
def test_bad_items_are_refused_with_the_field_named(
    client: Any, partner: Any, other_ward: Any, field: str, value: Any, message: str
) -> None:
    client.force_login(partner)
    response = client.post(reverse("tension:item_create"), _item_post(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Item.objects.exists()


def test_a_level_outside_the_scale_is_refused(client: Any, lead: Any, lewisham: Any) -> None:
    client.force_login(lead)
    base = {"area": "E09000023", **_week_fields(services.this_week()), "trend": "steady"}
    for level in ("0", "7", "x"):
        response = client.post(reverse("tension:assessment_create"), {**base, "level": level})
        assert response.status_code == 400
        assert "Choose a level on the scale: a whole number from 1 to 6" in response.content.decode()
    assert not Assessment.objects.exists()
    with pytest.raises(services.ServiceError, match="level on the scale"):
        services.start_assessment(by=lead, borough=lewisham, week=services.this_week(), level=9, trend="steady")
    a = services.start_assessment(by=lead, borough=lewisham, week=services.this_week(), level=2, trend="steady")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=a.pk).update(level=7)  # the database holds the scale too


def test_the_lead_starts_reviews_and_publishes(client: Any, lead: Any, item: Item, draft: Assessment) -> None:
    client.force_login(lead)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Residents uneasy" in page and "Publish" in page
    response = client.post(
        reverse("tension:assessment_review", args=[draft.pk]),
        {"level": "4", "trend": "rising", "summary": "Rising after the rumour.", "review_note": "Checked with CSP."},
    )
    assert response.status_code == 302
    assert client.post(reverse("tension:assessment_publish", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published" and draft.level == 4 and draft.reviewed_by == lead
    assert AuditEntry.objects.filter(action="tension.assessment.publish", actor=lead).exists()


def test_a_second_assessment_for_the_same_week_is_a_conflict(client: Any, lead: Any, draft: Assessment) -> None:
    client.force_login(lead)
    data = {
        "area": "E09000023",
        **_week_fields(draft.week_starting + timedelta(days=2)),
        "level": "2",
        "trend": "steady",
    }
    response = client.post(reverse("tension:assessment_create"), data)
    assert response.status_code == 409 and "already has an assessment" in response.content.decode()


def test_a_lead_cannot_publish_another_boroughs_assessment(
    client: Any, make_staff: Any, lambeth: Any, draft: Assessment
) -> None:
    client.force_login(make_staff(Role.BOROUGH_CHAMPION, boroughs=(lambeth,)))
    assert client.post(reverse("tension:assessment_publish", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_london_summary_shows_what_changed(client: Any, central: Any, lead: Any, lewisham: Any) -> None:
    week = services.this_week()
    last = services.start_assessment(by=lead, borough=lewisham, week=week - timedelta(days=7), level=2, trend="steady")
    services.publish_assessment(by=lead, assessment=last)
    now = services.start_assessment(by=lead, borough=lewisham, week=week, level=4, trend="rising")
    services.publish_assessment(by=lead, assessment=now)
    client.force_login(central)
    html = client.get(reverse("tension:london")).content.decode()
    assert "up from Guarded" in html and "<svg" in html and "Tension by borough: the figures on the map" in html
    csv = client.get(reverse("tension:london_export")).content.decode()
    assert "Lewisham,E09000023,4,Substantial,Elevated,Rising,2,up from Guarded" in csv
    assert client.get(reverse("tension:london"), {"week": "not-a-date"}).status_code == 404


def test_a_lead_links_an_activity_as_the_response(client: Any, lead: Any, item: Item, draft: Assessment) -> None:
    activity = record(boroughs=[draft.borough])
    client.force_login(lead)
    response = client.post(reverse("tension:item_response", args=[item.pk]), {"activity": str(activity.pk)})
    assert response.status_code == 302
    assert list(item.responses.all()) == [activity]
    refused = client.post(reverse("tension:item_response", args=[item.pk]), {"activity": "99999999"})
    assert refused.status_code == 400 and "No activity with that number" in refused.content.decode()
    assert item.responses.count() == 1


def test_personal_data_export_and_erasure(partner: Any, item: Item) -> None:
    assert services.export_personal_data(partner)["tension_items_given"][0]["id"] == item.pk
    assert services.erase_personal_data(partner) == 1
    item.refresh_from_db()
    assert item.contributed_by is None and item.text  # the record stays, without who gave it
