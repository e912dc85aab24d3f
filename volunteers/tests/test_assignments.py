"""Assigning a campaign's targets to the volunteers and officers who work it; each sees only their own."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import NotAllowed, ServiceError
from core.models import AuditEntry
from volunteers.models import Target
from volunteers.services import assignments, outreach

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(lewisham_coordinator, lewisham, make_volunteer, officer):
    first, second = make_volunteer(), make_volunteer()
    made = outreach.create_campaign(
        by=lewisham_coordinator,
        data={
            "name": "Call-backs",
            "purpose": "Crime-prevention advice",
            "borough": lewisham,
            "ends_on": timezone.localdate() + timedelta(days=10),
            "retention_days": 30,
        },
        assignees=[first.user, second.user],
    )
    rows = "".join(f"Person {n} Example,020 7946 {n:04d},,SE6 4RU,\n" for n in range(7))
    outreach.import_targets(
        by=lewisham_coordinator, campaign=made, raw=f"name,phone,address,postcode,assigned_to\n{rows}".encode()
    )
    made.first, made.second = first.user, second.user
    return made


def test_sharing_evenly_then_each_sees_only_their_own(client, campaign, lewisham_coordinator):
    shares = assignments.share_unassigned(by=lewisham_coordinator, campaign=campaign)
    assert sorted(shares.values()) == [3, 4]
    with pytest.raises(ServiceError):  # nothing left to share
        assignments.share_unassigned(by=lewisham_coordinator, campaign=campaign)
    mine = Target.objects.filter(assigned_to=campaign.first)
    theirs = Target.objects.filter(assigned_to=campaign.second).first()
    client.force_login(campaign.first)
    page = client.get(reverse("volunteers:campaign", args=[campaign.pk])).content.decode()
    assert all(t.name in page for t in mine) and theirs.name not in page
    # another assignee's target, by its id: refused, nothing saved
    url = reverse("volunteers:target_outcome", args=[campaign.pk, theirs.pk])
    assert client.post(url, {"outcome": "reached"}).status_code == 403
    assert Target.objects.get(pk=theirs.pk).outcome == ""
    assert (
        client.post(
            reverse("volunteers:target_outcome", args=[campaign.pk, mine[0].pk]), {"outcome": "reached"}
        ).status_code
        == 302
    )
    rows = {p.user_id: p for p in assignments.progress(campaign)}
    assert rows[campaign.first.pk].contacted == 1 and rows[campaign.first.pk].outcomes == {"Reached": 1}
    assert rows[campaign.second.pk].contacted == 0
    # volunteers do not reach the assignment pages
    assert client.get(reverse("volunteers:campaign_assign", args=[campaign.pk])).status_code == 403


def test_assigning_chosen_targets_and_unassigning(campaign, lewisham_coordinator, lambeth_coordinator, officer):
    ids = list(Target.objects.values_list("pk", flat=True)[:2])
    assert (
        assignments.assign_targets(by=lewisham_coordinator, campaign=campaign, target_ids=ids, assignee=campaign.second)
        == 2
    )
    assert set(Target.objects.filter(assigned_to=campaign.second).values_list("pk", flat=True)) == set(ids)
    with pytest.raises(ServiceError):  # someone not on the campaign
        assignments.assign_targets(by=lewisham_coordinator, campaign=campaign, target_ids=ids, assignee=officer)
    with pytest.raises(ServiceError):  # a target of no campaign of this
        assignments.assign_targets(
            by=lewisham_coordinator, campaign=campaign, target_ids=[ids[0], 10**9], assignee=None
        )
    with pytest.raises(NotAllowed):
        assignments.assign_targets(by=lambeth_coordinator, campaign=campaign, target_ids=ids, assignee=None)
    with pytest.raises(NotAllowed):
        assignments.assign_targets(by=campaign.first, campaign=campaign, target_ids=ids, assignee=campaign.first)
    assignments.assign_targets(by=lewisham_coordinator, campaign=campaign, target_ids=ids[:1], assignee=None)
    assert Target.objects.get(pk=ids[0]).assigned_to is None
    assert AuditEntry.objects.filter(action="outreach.targets_assigned").count() == 2


def test_the_assignment_pages(client, campaign, lewisham_coordinator, officer):
    client.force_login(lewisham_coordinator)
    url = reverse("volunteers:campaign_assign", args=[campaign.pk])
    people = reverse("volunteers:campaign_people", args=[campaign.pk])
    assert client.get(url).status_code == 200
    assert client.post(people, {"emails": "nobody@example.test"}).status_code == 400
    assert client.post(people, {"emails": officer.email}).status_code == 302
    assert campaign.assignees.filter(pk=officer.pk).exists()
    target = Target.objects.first()
    assert client.post(url, {"targets": [target.pk], "assignee": officer.pk}).status_code == 302
    assert Target.objects.get(pk=target.pk).assigned_to == officer
    for bad in (
        {"targets": ["-1"], "assignee": officer.pk},
        {"targets": [target.pk], "assignee": "99999999"},
        {"assignee": "none"},
    ):
        assert client.post(url, bad).status_code == 400
    assert client.post(people, {"remove": str(officer.pk)}).status_code == 302
    assert Target.objects.get(pk=target.pk).assigned_to is None
    page = client.get(reverse("volunteers:campaign", args=[campaign.pk])).content.decode()
    assert "Progress by person" in page and "Not assigned" in page
