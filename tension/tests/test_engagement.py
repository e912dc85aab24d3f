"""Tension and engagement: wards and communities standing apart (notices with a reassurance suggestion on the
register's planning checks and fatigue view), activities answering an item (shown both ways), and an incident's
messages, key individual network contacts and reassurance patrols (on its timeline and in the gold group export)."""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.tests.factories import CommunityFactory, record
from alerts.tests.factories import MessageFactory
from core import registry
from core.errors import ServiceError
from core.models import AuditEntry
from groups.models import CommunityGroup
from groups.tests.factories import CommunityGroupFactory, MemberFactory
from organisations.models import Role
from tension import engagement, services
from tension.models import MARKING, AreaLevel, Assessment, Incident, Item

pytestmark = pytest.mark.django_db

WARD_NOTICE = "Catford South ward, Lewisham tension: substantial, rising — consult the borough lead"


@pytest.fixture
def community() -> Any:
    return CommunityFactory(name="Kurdish", slug="kurdish")


@pytest.fixture
def standing_apart(lead: Any, draft: Assessment, ward: Any, community: Any) -> Assessment:
    """Lewisham's published week: Catford South substantial and rising, the Kurdish community elevated."""
    draft.level, draft.trend = 2, "steady"
    draft.save()
    engagement.set_area_level(by=lead, assessment=draft, ward=ward, level=4, trend="rising", note="Leaflets <b>")
    engagement.set_area_level(by=lead, assessment=draft, community=community, level=3, trend="steady")
    services.publish_assessment(by=lead, assessment=draft)
    return draft


def _places(**kw: Any) -> registry.Places:
    return registry.Places(**{k: frozenset(v) for k, v in kw.items()})


def test_a_ward_and_a_community_standing_apart_give_notices_with_a_reassurance_link(
    lead: Any, standing_apart: Assessment, ward: Any, community: Any, lewisham: Any
) -> None:
    found = registry.planning_notices.notices(lead, _places(ward_ids=[ward.pk]))
    assert [n.text for n in found] == [WARD_NOTICE]  # the borough itself is guarded and steady: no notice
    assert found[0].link.startswith(reverse("activities:create") + "?") and "Catford+South" in found[0].link
    assert found[0].link_text == "Plan reassurance engagement in Catford South"
    by_community = registry.planning_notices.notices(lead, _places(community_ids=[community.pk]))
    assert [n.text for n in by_community] == [
        "Kurdish community (Lewisham) tension: elevated — consult the borough lead"
    ]
    assert f"communities={community.pk}" in by_community[0].link
    whole = registry.planning_notices.notices(lead, _places(borough_ids=[lewisham.pk]))
    assert [n.text for n in whole] == [WARD_NOTICE]  # a whole borough planned in: its wards standing apart


def test_notices_only_for_those_who_read_the_area(
    make_staff: Any, officer: Any, partner: Any, standing_apart: Assessment, ward: Any, lambeth: Any, central: Any
) -> None:
    places = _places(ward_ids=[ward.pk])
    assert registry.planning_notices.notices(officer, places) == []  # plans there, may not read tension
    assert registry.planning_notices.notices(partner, places) == []  # gives items, reads none
    other_lead = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lambeth,))
    assert registry.planning_notices.notices(other_lead, places) == []
    assert [n.text for n in registry.planning_notices.notices(central, places)] == [WARD_NOTICE]


def test_drafts_and_calm_places_give_no_notice(lead: Any, draft: Assessment, ward: Any, community: Any) -> None:
    engagement.set_area_level(by=lead, assessment=draft, ward=ward, level=5, trend="rising")
    assert registry.planning_notices.notices(lead, _places(ward_ids=[ward.pk])) == []  # not published
    engagement.set_area_level(by=lead, assessment=draft, ward=ward, level=2, trend="falling")  # changed
    assert AreaLevel.objects.count() == 1
    services.publish_assessment(by=lead, assessment=draft)
    assert [n.text for n in registry.planning_notices.notices(lead, _places(ward_ids=[ward.pk]))] == [
        "Lewisham tension: elevated, rising — consult the borough lead"  # the borough's own level
    ]


def test_the_planning_checks_and_fatigue_view_show_ward_notices(
    client: Any, lead: Any, officer: Any, ward_team: Any, standing_apart: Assessment
) -> None:
    form = {
        "title": "Street briefing",
        "purpose": "Hear concerns",
        "method": "street_briefing",
        "tier": "business_group",
        "organising_unit": str(ward_team.pk),
        "wards": "Catford South",
        "starts_at": (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
    }
    client.force_login(lead)
    checks = client.post(reverse("activities:check"), form, HTTP_HX_REQUEST="true").content.decode()
    assert WARD_NOTICE in checks and "Leaflets" not in checks  # the level only, never the note or the items
    fatigue = client.get(reverse("activities:fatigue")).content.decode()
    assert WARD_NOTICE in fatigue and "Plan reassurance engagement in Catford South" in fatigue
    assert "Kurdish community (Lewisham) tension: elevated" in fatigue
    client.force_login(officer)
    checks = client.post(reverse("activities:check"), form, HTTP_HX_REQUEST="true").content.decode()
    assert "tension" not in checks


def test_the_reassurance_link_opens_the_planning_form_filled_in(
    client: Any, lead: Any, standing_apart: Assessment, ward: Any, community: Any
) -> None:
    notice = registry.planning_notices.notices(lead, _places(ward_ids=[ward.pk], community_ids=[community.pk]))
    client.force_login(lead)
    page = client.get(notice[0].link)
    html = page.content.decode()
    assert page.status_code == 200 and 'value="Reassurance engagement in Catford South"' in html
    assert 'value="Catford South (Lewisham)"' in html
    assert "Reassure residents, hear their concerns" in html  # nothing restricted in what may become public
    odd = client.get(reverse("activities:create"), {"title": "<script>x</script>" * 50, "communities": ["x", "9" * 12]})
    assert odd.status_code == 200 and "<script>x" not in odd.content.decode()


def test_area_level_bad_input_is_refused(
    client: Any, lead: Any, draft: Assessment, other_ward: Any, ward: Any, community: Any, make_staff: Any
) -> None:
    url = reverse("tension:area_level_create", args=[draft.pk])
    client.force_login(lead)
    cases = [
        ({"ward": "Brixton Windrush", "level": "3", "trend": "rising"}, "Choose a ward in Lewisham"),
        ({"ward": "Catford South", "community": str(community.pk), "level": "3", "trend": "rising"}, "one of them"),
        ({"level": "3", "trend": "rising"}, "Choose a ward or a community"),
        ({"ward": "Catford South", "level": "9", "trend": "rising"}, "Choose a level on the scale"),
        ({"ward": "Nowhere", "level": "3", "trend": "rising"}, "Unknown ward"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 400 and message in response.content.decode(), message
    assert not AreaLevel.objects.exists()
    with pytest.raises(ServiceError, match="one of them"):
        engagement.set_area_level(by=lead, assessment=draft, ward=ward, community=community, level=3, trend="steady")
    assert client.post(url, {"ward": "Catford South", "level": "3", "trend": "rising"}).status_code == 302
    al = AreaLevel.objects.get()
    assert AuditEntry.objects.filter(actor=lead, action="tension.area_level.set").exists()
    client.force_login(make_staff(Role.BOROUGH_CHAMPION, boroughs=(other_ward.borough,)))
    assert client.post(url, {"ward": "Catford South", "level": "3", "trend": "rising"}).status_code == 404
    remove = reverse("tension:area_level_remove", args=[draft.pk, al.pk])
    assert client.post(remove).status_code == 404
    client.force_login(lead)
    assert client.post(remove).status_code == 302 and not AreaLevel.objects.exists()
    assert AuditEntry.objects.filter(actor=lead, action="tension.area_level.remove").exists()


def test_activities_answer_an_item_shown_both_ways(
    client: Any, lead: Any, officer: Any, partner: Any, item: Item, lewisham: Any, ward: Any
) -> None:
    nearby = record(wards=[ward], title="Reassurance surgery", starts_at=timezone.now() + timedelta(days=3))
    client.force_login(lead)
    page = client.get(reverse("tension:item", args=[item.pk])).content.decode()
    assert "Reassurance surgery" in page and "&lt;script&gt;" in page and MARKING in page
    assert AuditEntry.objects.filter(actor=lead, action="tension.read.item").exists()
    response = client.post(reverse("tension:item_response", args=[item.pk]), {"link": [str(nearby.pk)]})
    assert response.status_code == 302 and list(item.responses.all()) == [nearby]
    assert AuditEntry.objects.filter(actor=lead, action="tension.item.responses").exists()
    activity_page = client.get(nearby.get_absolute_url()).content.decode()
    assert "Response to community tension" in activity_page and "Residents uneasy" in activity_page
    client.force_login(officer)  # sees the activity, not tension
    activity_page = client.get(nearby.get_absolute_url())
    assert activity_page.status_code == 200 and "Residents uneasy" not in activity_page.content.decode()
    assert client.get(reverse("tension:item", args=[item.pk])).status_code == 404
    client.force_login(partner)  # gave the item: sees it, may not link
    page = client.get(reverse("tension:item", args=[item.pk])).content.decode()
    assert "Residents uneasy" in page and "Save the response" not in page
    assert client.post(reverse("tension:item_response", args=[item.pk]), {"link": [str(nearby.pk)]}).status_code == 403
    client.force_login(lead)
    response = client.post(reverse("tension:item_response", args=[item.pk]), {"unlink": [str(nearby.pk)]})
    assert response.status_code == 302 and not item.responses.exists()
    assert client.post(reverse("tension:item_response", args=[item.pk]), {"link": ["x"]}).status_code == 400
    assert client.post(reverse("tension:item_response", args=[item.pk]), {}).status_code == 400


def test_a_lead_cannot_link_an_activity_they_cannot_see(
    client: Any, lead: Any, item: Item, lambeth: Any, make_staff: Any
) -> None:
    hidden = record(boroughs=[lambeth], title="Lambeth only")
    with pytest.raises(ServiceError, match="No activity with that number"):
        engagement.set_responses(by=lead, item=item, link=[hidden.pk])
    client.force_login(lead)
    response = client.post(reverse("tension:item_response", args=[item.pk]), {"activity": str(hidden.pk)})
    assert response.status_code == 400 and not item.responses.exists()


@pytest.fixture
def incident(lead: Any, lewisham: Any, ward: Any) -> Incident:
    return services.record_incident(
        by=lead,
        data={
            "title": "March through Catford",
            "kind": "protest",
            "boroughs": [lewisham],
            "wards": [ward],
            "starts_on": timezone.localdate(),
        },
    )


def test_an_incident_gathers_messages_contacts_and_patrols(
    client: Any, lead: Any, incident: Incident, lewisham: Any, lambeth: Any, ward: Any
) -> None:
    sent = MessageFactory(subject="Road closures on Saturday", status="sent", sent_at=timezone.now(), wards=[ward])
    elsewhere = MessageFactory(subject="Brixton market", wards=[lambeth.wards.first()])
    network = CommunityGroupFactory(
        name="Lewisham key individuals", kind=CommunityGroup.Kind.KEY_INDIVIDUALS, level="borough", borough=lewisham
    )
    member = MemberFactory(group=network, name="A. Keyperson")
    lambeth_network = CommunityGroupFactory(kind=CommunityGroup.Kind.KEY_INDIVIDUALS, level="borough", borough=lambeth)
    outsider = MemberFactory(group=lambeth_network, name="B. Elsewhere")
    client.force_login(lead)
    url = lambda name: reverse(f"tension:{name}", args=[incident.pk])  # noqa: E731
    form = client.get(url("incident_messages")).content.decode()
    assert "Road closures on Saturday" in form and "Brixton market" not in form
    assert client.post(url("incident_messages"), {"messages": [str(elsewhere.pk)]}).status_code == 400
    assert client.post(url("incident_messages"), {"messages": [str(sent.pk)]}).status_code == 302
    form = client.get(url("kin_contact_create")).content.decode()
    assert "A. Keyperson" in form and "B. Elsewhere" not in form
    at = f"{timezone.localdate().isoformat()} 10:00"
    contact = {"at": at, "how": "phone", "summary": "Worried about the route."}
    assert client.post(url("kin_contact_create"), {**contact, "member": str(outsider.pk)}).status_code == 400
    assert client.post(url("kin_contact_create"), {**contact, "member": str(member.pk)}).status_code == 302
    patrol = {"at": at, "kind": "patrol", "text": "Patrol on Rushey Green."}
    refused = client.post(url("timeline_create"), patrol)
    assert refused.status_code == 400 and "recorded in the engagement register" in refused.content.decode()
    activity = record(boroughs=[lewisham], title="Reassurance patrol, Rushey Green")
    assert client.post(url("timeline_create"), {**patrol, "activity_id": str(activity.pk)}).status_code == 302
    page = client.get(incident.get_absolute_url()).content.decode()
    for text in (
        "Road closures on Saturday",
        "A. Keyperson, Lewisham key individuals",
        "Worried about the route.",
        "Reassurance patrol, Rushey Green",
        "Key individual contact (telephone)",
        "Message sent",
    ):
        assert text in page, text
    csv = client.get(url("incident_csv")).content.decode()
    assert csv.startswith(MARKING)
    for text in (
        "Messages sent (alerts)",
        "Road closures on Saturday",
        "Key individual network contacts",
        "A. Keyperson",
        "Reassurance patrols (engagement register)",
        "Reassurance patrol, Rushey Green",
    ):
        assert text in csv, text
    for action in ("tension.incident.messages", "tension.kin_contact.add", "tension.timeline.add"):
        assert AuditEntry.objects.filter(actor=lead, action=action).exists(), action
    member.delete()  # the network's record erased: the contact stays, without the name
    assert "(name removed)" in client.get(incident.get_absolute_url()).content.decode()


def test_others_cannot_change_an_incidents_links(
    client: Any, incident: Incident, make_staff: Any, lambeth: Any, partner: Any
) -> None:
    client.force_login(make_staff(Role.BOROUGH_CHAMPION, boroughs=(lambeth,)))
    for name in ("incident_messages", "kin_contact_create"):
        assert client.get(reverse(f"tension:{name}", args=[incident.pk])).status_code == 404
    client.force_login(partner)
    for name in ("incident_messages", "kin_contact_create"):
        assert client.get(reverse(f"tension:{name}", args=[incident.pk])).status_code == 403
