"""Restricted by design: the public, other partners, another borough's partner and the open API see nothing;
every read is audited; partners see only what they gave."""

import json
from typing import Any

import pytest
from django.urls import reverse

from accounts.services import create_api_token
from core.models import AuditEntry
from tension.models import MARKING, Assessment, Item

pytestmark = pytest.mark.django_db


def _pages(draft: Assessment, item: Item) -> list[str]:
    return [
        reverse("tension:index"),
        reverse("tension:assessment", args=[draft.pk]),
        reverse("tension:london"),
        reverse("tension:london_export"),
        reverse("tension:incidents"),
        reverse("tension:item_create"),
        reverse("tension:my_items"),
        reverse("tension:item", args=[item.pk]),
        reverse("tension:area_level_create", args=[draft.pk]),
    ]


def test_the_public_is_sent_to_sign_in_everywhere(client: Any, draft: Assessment, item: Item) -> None:
    for url in _pages(draft, item):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        assert "Residents uneasy" not in response.content.decode()


def test_staff_without_a_tension_role_are_refused(client: Any, officer: Any, draft: Assessment, item: Item) -> None:
    client.force_login(officer)
    for url in _pages(draft, item):
        assert client.get(url).status_code in (403, 404), url


def test_the_lead_reads_the_assessment_with_its_items_marked_and_audited(
    client: Any, lead: Any, draft: Assessment, item: Item
) -> None:
    client.force_login(lead)
    response = client.get(reverse("tension:assessment", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert MARKING in html
    assert "Residents uneasy" in html and "<script>x</script>" not in html  # shown as text
    assert AuditEntry.objects.filter(actor=lead, action="tension.read.assessment", object_id=str(draft.pk)).exists()


def test_a_partner_sees_only_the_items_they_gave(
    client: Any, partner: Any, other_partner: Any, draft: Assessment, item: Item
) -> None:
    client.force_login(other_partner)
    assert client.get(reverse("tension:assessment", args=[draft.pk])).status_code == 404
    mine = client.get(reverse("tension:my_items"))
    assert mine.status_code == 200 and "Residents uneasy" not in mine.content.decode()
    assert AuditEntry.objects.filter(actor=other_partner, action="tension.read.my_items").exists()
    client.force_login(partner)
    assert "Residents uneasy" in client.get(reverse("tension:my_items")).content.decode()
    assert client.get(reverse("tension:assessment", args=[draft.pk])).status_code == 404  # not the whole picture


def test_another_boroughs_lead_and_partner_see_nothing(
    client: Any, make_staff: Any, lambeth: Any, lambeth_partner: Any, draft: Assessment, item: Item
) -> None:
    from organisations.models import Role

    lambeth_lead = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lambeth,))
    for user in (lambeth_lead, lambeth_partner):
        client.force_login(user)
        assert client.get(reverse("tension:assessment", args=[draft.pk])).status_code == 404
        assert client.get(reverse("tension:london")).status_code == 403
        assert "Residents uneasy" not in client.get(reverse("tension:index")).content.decode()


def test_the_london_summary_is_for_london_wide_readers(
    client: Any, central: Any, lead: Any, draft: Assessment, item: Item
) -> None:
    client.force_login(lead)
    assert client.get(reverse("tension:london")).status_code == 403
    client.force_login(central)
    response = client.get(reverse("tension:london"))
    assert response.status_code == 200 and MARKING in response.content.decode()
    export = client.get(reverse("tension:london_export"))
    assert export.status_code == 200 and export.content.decode().startswith(MARKING)
    assert AuditEntry.objects.filter(actor=central, action="tension.read.london_summary_export").exists()


def test_the_open_api_has_nothing_on_tension(client: Any, draft: Assessment, item: Item) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = {p: ops for p, ops in schema["paths"].items() if "tension" in p}
    assert paths  # documented for authorised systems, but refused to anyone without a token
    body = {
        "borough_code": "E09000023",
        "category": "evidenced",
        "source_type": "police",
        "reliability": "A",
        "text": "x",
    }
    for path, ops in paths.items():
        url = path.replace("{pk}", str(draft.pk))
        for method in ops:
            response = client.generic(method.upper(), url, json.dumps(body), content_type="application/json")
            assert response.status_code == 401, (method, path)
            assert "Residents uneasy" not in response.content.decode()
    assert Item.objects.count() == 1


def test_the_api_needs_a_token_and_the_capability(
    client: Any, lead: Any, partner: Any, draft: Assessment, item: Item
) -> None:
    _token, raw = create_api_token(user=partner, name="partner system")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(f"/api/v1/tension/assessments/{draft.pk}", headers=headers).status_code == 404
    client.force_login(lead)  # a browser session is not an authorised system
    assert client.get(f"/api/v1/tension/assessments/{draft.pk}").status_code == 401
    client.logout()
    _token, raw = create_api_token(user=lead, name="borough system")
    response = client.get(f"/api/v1/tension/assessments/{draft.pk}", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    body = response.json()
    assert body["marking"] == MARKING and body["level"] == 3 and len(body["items"]) == 1
    assert AuditEntry.objects.filter(actor=lead, action="tension.read.api_assessment").exists()


def test_the_staff_menu_link_is_only_for_tension_roles(client: Any, officer: Any, partner: Any) -> None:
    client.force_login(officer)
    assert reverse("tension:index") not in client.get(reverse("workspace:home")).content.decode()
    client.force_login(partner)
    assert reverse("tension:index") in client.get(reverse("workspace:home")).content.decode()


def test_the_api_refuses_bad_items_and_other_boroughs(client: Any, partner: Any, lewisham: Any) -> None:
    _token, raw = create_api_token(user=partner, name="council system")
    headers = {"Authorization": f"Bearer {raw}"}
    good = {
        "borough_code": "E09000023",
        "category": "evidenced",
        "source_type": "partner",
        "reliability": "C",
        "text": "Seen on the high street.",
    }

    def post(body: dict[str, Any]) -> Any:
        return client.post("/api/v1/tension/items", body, content_type="application/json", headers=headers)

    assert post({**good, "borough_code": "E09000022"}).status_code == 403  # Lambeth: not theirs
    missing = post({k: v for k, v in good.items() if k != "category"})
    assert missing.status_code == 422 and "category" in missing.content.decode()
    assert post({**good, "source_type": "rumour"}).status_code == 422
    assert not Item.objects.exists()
    created = post(good)
    assert created.status_code == 201 and Item.objects.get().contributed_by == partner
    assert client.get("/api/v1/tension/london", headers=headers).status_code == 403


def test_wards_standing_apart_and_linked_responses_reach_no_public_page_feed_or_open_api(
    client: Any, lead: Any, draft: Assessment, item: Item, ward: Any, lewisham: Any
) -> None:
    from activities.tests.factories import record
    from tension import engagement, services

    engagement.set_area_level(by=lead, assessment=draft, ward=ward, level=5, trend="rising", note="Secret note")
    services.publish_assessment(by=lead, assessment=draft)
    response_activity = record(wards=[ward], title="Open meeting in Catford", is_public=True)
    engagement.set_responses(by=lead, item=item, link=[response_activity.pk])
    public = [
        reverse("website:ward", args=[ward.code]),
        reverse("website:ward_feed", args=[ward.code]),
        reverse("website:borough", args=[lewisham.code]),
        reverse("website:borough_feed", args=[lewisham.code]),
        response_activity.get_public_url(),
        f"/api/v1/activities/{response_activity.pk}",
        "/api/v1/activities",
    ]
    for url in public:
        html = client.get(url).content.decode()
        for secret in ("/tension/", "Secret note", "Residents uneasy", "consult the borough lead", MARKING):
            assert secret not in html, (url, secret)
    response = client.get(reverse("tension:item", args=[item.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
