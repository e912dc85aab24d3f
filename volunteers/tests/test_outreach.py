"""Outreach campaigns: CSV import with a row report, who sees the list, outcomes, automatic erasure."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.errors import NotAllowed, ServiceError
from volunteers import permissions
from volunteers.models import Campaign, Target
from volunteers.services import outreach

pytestmark = pytest.mark.django_db

CSV = (
    "Name,Phone,Address,Postcode,assigned_to\n"
    "Edith Example,020 7946 0001,,SE6 4RU,{email}\n"
    ",020 7946 0002,,,\n"
    "Harold Example,,,,\n"
    "Ivy Example,,1 Test Road,se6 1aa,someone@else.test\n"
    "Joan Example,,2 Test Road,SE6 1AB,\n"
)


@pytest.fixture
def campaign(lewisham_coordinator, lewisham, make_volunteer):
    volunteer = make_volunteer()
    made = outreach.create_campaign(
        by=lewisham_coordinator,
        data={
            "name": "Call-backs",
            "purpose": "Crime-prevention advice",
            "borough": lewisham,
            "ends_on": timezone.localdate() + timedelta(days=10),
            "retention_days": 30,
        },
        assignees=[volunteer.user],
    )
    made.volunteer = volunteer
    return made


def test_import_adds_good_rows_and_reports_the_rest(campaign, lewisham_coordinator):
    raw = CSV.format(email=campaign.volunteer.user.email).encode()
    report = outreach.import_targets(by=lewisham_coordinator, campaign=campaign, raw=raw)
    assert [(r.line, r.ok) for r in report] == [(2, True), (3, False), (4, False), (5, False), (6, True)]
    assert Target.objects.filter(campaign=campaign).count() == 2
    assert Target.objects.get(name="Edith Example").assigned_to == campaign.volunteer.user


def test_bad_files_are_refused(campaign, lewisham_coordinator):
    for raw in (b"\xff\xfe\x00bad", b"phone,address\n1,2\n"):
        with pytest.raises(ServiceError):
            outreach.import_targets(by=lewisham_coordinator, campaign=campaign, raw=raw)


def test_only_coordinators_of_its_borough_import(campaign, lambeth_coordinator):
    with pytest.raises(NotAllowed):
        outreach.import_targets(by=lambeth_coordinator, campaign=campaign, raw=b"name,phone\nA,1\n")
    with pytest.raises(NotAllowed):
        outreach.import_targets(by=campaign.volunteer.user, campaign=campaign, raw=b"name,phone\nA,1\n")


def test_the_list_is_seen_only_by_those_assigned_and_coordinators(
    client, campaign, lewisham_coordinator, lambeth_coordinator, make_volunteer
):
    outreach.import_targets(
        by=lewisham_coordinator, campaign=campaign, raw=CSV.format(email=campaign.volunteer.user.email).encode()
    )
    url = reverse("volunteers:campaign", args=[campaign.pk])
    client.force_login(campaign.volunteer.user)
    page = client.get(url)
    assert page.status_code == 200 and "020 7946 0001" in page.content.decode()
    for outsider in (lambeth_coordinator, make_volunteer().user):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        target = Target.objects.first()
        response = client.post(
            reverse("volunteers:target_outcome", args=[campaign.pk, target.pk]), {"outcome": "reached"}
        )
        assert response.status_code == 404
    assert not Target.objects.exclude(outcome="").exists()


def test_outcomes_are_recorded_by_those_assigned(client, campaign, lewisham_coordinator):
    outreach.import_targets(
        by=lewisham_coordinator, campaign=campaign, raw=CSV.format(email=campaign.volunteer.user.email).encode()
    )
    target = Target.objects.get(name="Edith Example")
    client.force_login(campaign.volunteer.user)
    url = reverse("volunteers:target_outcome", args=[campaign.pk, target.pk])
    assert client.post(url, {"outcome": "eaten"}).status_code == 400
    assert client.post(url, {"outcome": "advice", "note": "Gave door-chain advice"}).status_code == 302
    target.refresh_from_db()
    assert target.outcome == "advice" and target.contacted_by == campaign.volunteer.user
    assert outreach.outcome_counts(campaign) == {"advice": 1, "none": 1}


def test_the_import_page_reports_rows(client, campaign, lewisham_coordinator):
    client.force_login(lewisham_coordinator)
    upload = SimpleUploadedFile("list.csv", CSV.format(email="").encode(), content_type="text/csv")
    response = client.post(reverse("volunteers:campaign_import", args=[campaign.pk]), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200 and "Rows not imported" in body and "No name" in body


def test_target_lists_are_erased_after_the_retention_keeping_the_counts(campaign, lewisham_coordinator):
    outreach.import_targets(
        by=lewisham_coordinator, campaign=campaign, raw=CSV.format(email=campaign.volunteer.user.email).encode()
    )
    assert outreach.expire_targets(timezone.now()) == 0
    later = timezone.now() + timedelta(days=10 + 30 + 2)
    assert outreach.expire_targets(later) == 2
    campaign.refresh_from_db()
    assert campaign.targets_erased_at is not None and not Target.objects.exists()
    assert campaign.final_counts == {"none": 2}


def test_apply_retention_runs_the_erasure(campaign, lewisham_coordinator):
    outreach.import_targets(by=lewisham_coordinator, campaign=campaign, raw=b"name,phone\nA Person,1234\n")
    Campaign.objects.filter(pk=campaign.pk).update(ends_on=timezone.localdate() - timedelta(days=40))
    call_command("apply_retention", verbosity=0)
    assert not Target.objects.exists()


def test_who_sees_which_campaigns(campaign, hub, lewisham_coordinator, lambeth_coordinator, make_volunteer):
    assert list(permissions.visible_campaigns(hub)) == [campaign]
    assert list(permissions.visible_campaigns(lewisham_coordinator)) == [campaign]
    assert list(permissions.visible_campaigns(campaign.volunteer.user)) == [campaign]
    assert not permissions.visible_campaigns(lambeth_coordinator).exists()
    assert not permissions.visible_campaigns(make_volunteer().user).exists()
