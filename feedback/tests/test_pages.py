from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from feedback import queries, services
from feedback.models import FeedbackEntry
from organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(ward, officer):
    return services.ensure_record(
        subject=ward, by=officer, title="Knife crime meeting", asked="What worries you?", wards=[ward]
    )


def test_ward_page_shows_we_did(client, record, officer, ward):
    services.add_entry(record=record, by=officer, kind="did", text="<script>x</script> We added patrols")
    body = client.get(ward.get_absolute_url()).content.decode()
    assert "You said, we did" in body
    assert "&lt;script&gt;x&lt;/script&gt; We added patrols" in body
    assert "<script>x</script>" not in body


def test_borough_page_shows_we_did(client, record, officer, ward):
    services.add_entry(record=record, by=officer, kind="did", text="Borough-visible action")
    assert "Borough-visible action" in client.get(ward.borough.get_absolute_url()).content.decode()


def test_officer_adds_update_through_page(client, record, officer):
    client.force_login(officer)
    response = client.post(
        reverse("feedback:add_entry", args=[record.pk]), {"kind": "said", "text": "Forty people came", "count": "40"}
    )
    assert response.status_code == 302
    assert FeedbackEntry.objects.get().count == 40


def test_empty_update_through_page_is_400(client, record, officer):
    client.force_login(officer)
    response = client.post(reverse("feedback:add_entry", args=[record.pk]), {"kind": "did", "text": ""})
    assert response.status_code == 400
    assert not FeedbackEntry.objects.exists()


def test_officer_of_other_ward_gets_404(client, other_ward, make_staff, record):
    from organisations.models import Unit
    from organisations.tests.factories import UnitFactory

    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    stranger = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team)
    client.force_login(stranger)
    assert client.get(reverse("feedback:add_entry", args=[record.pk])).status_code == 404


def test_detail_page_lists_dated_entries(client, record, officer):
    services.add_entry(record=record, by=officer, kind="said", text="Thirty said knives", count=30)
    body = client.get(record.get_absolute_url()).content.decode()
    assert "Thirty said knives" in body
    assert "30 people" in body


def test_flag_overdue_command_is_idempotent(record, officer, ward):
    services.set_due(subject=ward, held_at=timezone.now() - timedelta(days=29))
    call_command("flag_overdue_feedback", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("flag_overdue_feedback", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.filter(user=officer, kind="feedback.overdue").count() == 1


def test_workspace_card_and_staff_list_show_overdue(client, record, officer, ward):
    services.set_due(subject=ward, held_at=timezone.now() - timedelta(days=40))
    client.force_login(officer)
    assert "1 overdue" in client.get(reverse("workspace:home")).content.decode()
    assert "Knife crime meeting" in client.get(reverse("feedback:staff_list") + "?state=overdue").content.decode()


def test_coordinator_report_counts_overdue_by_borough(client, record, administrator, ward):
    services.set_due(subject=ward, held_at=timezone.now() - timedelta(days=40))
    rows = queries.coordinator_report()
    assert [(r["borough"].name, r["overdue"]) for r in rows] == [("Lewisham", 1)]
    client.force_login(administrator)
    csv_body = client.get(reverse("feedback:report") + "?format=csv").content.decode()
    assert "Lewisham,1,0,1,1" in csv_body


def test_api_lists_and_shows_records(client, record, officer, ward):
    services.add_entry(record=record, by=officer, kind="did", text="Done it")
    items = client.get(f"/api/v1/feedback/?ward={ward.code}&published=true").json()["results"]
    assert [i["title"] for i in items] == ["Knife crime meeting"]
    detail = client.get(f"/api/v1/feedback/{record.pk}").json()
    assert detail["entries"][0]["kind"] == "did"


def test_feed_item_when_we_did_published(record, officer, ward):
    services.add_entry(record=record, by=officer, kind="did", text="Feed me")
    items = queries.ward_feed(ward)
    assert items[0].summary == "Feed me"
