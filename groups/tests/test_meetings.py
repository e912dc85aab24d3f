import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity
from core.errors import ServiceError
from groups import queries, services
from groups.models import Meeting
from groups.tests.factories import MemberFactory, WardPanelFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def panel(ward, ward_team):
    return WardPanelFactory(ward=ward, supporting_unit=ward_team)


def schedule(panel, officer, when, **extra):
    data = {"starts_at": when, "ends_at": when + datetime.timedelta(hours=2), "venue": "Catford Library", **extra}
    return services.schedule_meetings(group=panel, by=officer, data=data)


def test_a_meeting_is_one_activity_in_the_register(officer, panel, ward):
    meeting = schedule(panel, officer, NOW + datetime.timedelta(days=7))[0]
    activity = meeting.activity
    assert Activity.objects.count() == 1
    assert activity.method == Activity.Method.PANEL_MEETING
    assert list(activity.wards.all()) == [ward]
    assert activity.organising_unit == panel.supporting_unit
    assert activity.group_meeting == meeting


def test_quarterly_recurrence_generates_the_dates(officer, panel):
    first = datetime.datetime(2026, 1, 31, 18, 0, tzinfo=UTC)
    meetings = schedule(panel, officer, first, recurrence="quarterly", count=4)
    months = [timezone_month(m) for m in meetings]
    assert months == [1, 4, 7, 10]
    assert Activity.objects.count() == 4


def timezone_month(meeting: Meeting) -> int:
    from django.utils import timezone

    return timezone.localtime(meeting.activity.starts_at).month


def test_several_meetings_need_a_recurrence(officer, panel):
    with pytest.raises(ServiceError, match="repeat"):
        schedule(panel, officer, NOW, count=3)


def test_meetings_need_a_supporting_unit(officer, ward):
    panel = WardPanelFactory(ward=ward)
    with pytest.raises(ServiceError, match="supporting unit"):
        schedule(panel, officer, NOW)
    assert not Activity.objects.exists()


def test_minutes_for_a_meeting_not_yet_held_are_refused(officer, panel):
    meeting = schedule(panel, officer, NOW + datetime.timedelta(days=1))[0]
    with pytest.raises(ServiceError, match="not been held yet"):
        services.record_minutes(meeting=meeting, by=officer, minutes="Discussed.")


def test_minutes_record_attendance_and_mark_the_activity_held(officer, panel):
    meeting = schedule(panel, officer, NOW - datetime.timedelta(days=1))[0]
    present = MemberFactory(group=panel, term_start=datetime.date(2026, 1, 1))
    away = MemberFactory(group=panel, term_start=datetime.date(2026, 1, 1))
    services.record_minutes(
        meeting=meeting, by=officer, minutes="Discussed ASB.", present=[present], apologies=[away], other_attendees=3
    )
    meeting.activity.refresh_from_db()
    assert meeting.activity.status == Activity.Status.HELD
    assert meeting.activity.attendance == 4
    assert meeting.attendance.count() == 2


def test_action_due_before_the_meeting_is_refused(officer, panel):
    meeting = schedule(panel, officer, NOW - datetime.timedelta(days=1))[0]
    with pytest.raises(ServiceError, match="before the meeting"):
        services.add_action(
            meeting=meeting, by=officer, description="x", owner="PC Demo", due_on=datetime.date(2026, 1, 1)
        )


def test_paper_of_a_forbidden_type_is_refused(officer, panel):
    meeting = schedule(panel, officer, NOW)[0]
    with pytest.raises(ServiceError, match="must be one of"):
        services.add_paper(meeting=meeting, by=officer, title="x", upload=SimpleUploadedFile("x.html", b"<script>"))


def test_next_public_meetings_appear_on_the_ward_page(client, officer, panel, ward):
    schedule(panel, officer, NOW + datetime.timedelta(days=10))
    response = client.get(ward.get_absolute_url())
    assert "Next meetings" in response.content.decode()
    assert len(queries.upcoming_public_meetings(panel)) == 1


def test_restricted_groups_meetings_are_not_public(officer, panel):
    panel.is_public = False
    panel.save()
    meeting = schedule(panel, officer, NOW + datetime.timedelta(days=10))[0]
    assert meeting.activity.is_public is False


def test_groups_without_a_meeting_in_the_last_quarter(officer, panel):
    from groups.models import CommunityGroup

    assert panel in queries.groups_without_recent_meeting(CommunityGroup.objects.all())
    schedule(panel, officer, NOW - datetime.timedelta(days=30))
    assert panel not in queries.groups_without_recent_meeting(CommunityGroup.objects.all())


def test_minutes_page_for_a_future_meeting_shows_the_error(client, officer, panel):
    meeting = schedule(panel, officer, NOW + datetime.timedelta(days=1))[0]
    client.force_login(officer)
    response = client.post(
        reverse("groups:meeting_minutes", args=[meeting.pk]), {"minutes-minutes": "x", "minutes-other_attendees": "0"}
    )
    assert response.status_code == 400
    assert "not been held yet" in response.content.decode()


def test_schedule_view_creates_meetings(client, officer, panel):
    client.force_login(officer)
    response = client.post(
        reverse("groups:meeting_schedule", args=[panel.pk]),
        {
            "starts_at": "2026-07-01T19:00",
            "ends_at": "2026-07-01T20:30",
            "recurrence": "quarterly",
            "count": "2",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    assert panel.meetings.count() == 2
    detail = client.get(reverse("groups:meeting", args=[panel.meetings.first().pk]))
    assert detail.status_code == 200


def test_public_meeting_is_in_the_wards_icalendar_feed(client, officer, panel, ward):
    schedule(panel, officer, NOW + datetime.timedelta(days=10))
    response = client.get(reverse("ward_calendar", args=[ward.code]))
    assert response.status_code == 200
    assert f"{panel.name} meeting" in response.content.decode().replace("\r\n ", "")


def test_making_a_group_restricted_unlists_its_coming_meetings(officer, panel):
    meeting = schedule(panel, officer, NOW + datetime.timedelta(days=10))[0]
    services.update_group(group=panel, by=officer, data={"is_public": False})
    meeting.activity.refresh_from_db()
    assert meeting.activity.is_public is False


def test_a_new_borough_group_gets_the_unlinked_ward_panels(administrator, panel, ward):
    board = services.create_group(
        by=administrator,
        data={"name": "Board", "kind": "borough_group", "level": "borough", "borough": ward.borough, "purpose": "x"},
    )
    panel.refresh_from_db()
    assert panel.represented_on == board


def test_public_page_shows_decisions_of_past_meetings(client, officer, panel):
    meeting = schedule(panel, officer, NOW - datetime.timedelta(days=3))[0]
    services.record_minutes(
        meeting=meeting, by=officer, minutes="Private notes", decisions="Priority: speeding on Bromley Road"
    )
    body = client.get(panel.get_public_url()).content.decode()
    assert "Priority: speeding on Bromley Road" in body
    assert "Private notes" not in body


def test_private_paper_is_not_downloadable_by_the_public(client, officer, panel):
    meeting = schedule(panel, officer, NOW)[0]
    paper = services.add_paper(
        meeting=meeting, by=officer, title="Draft", upload=SimpleUploadedFile("d.pdf", b"%PDF-1")
    )
    assert client.get(reverse("groups:paper", args=[paper.pk])).status_code == 404


def test_minutes_page_records_the_members_present(client, officer, panel):
    meeting = schedule(panel, officer, NOW - datetime.timedelta(days=1))[0]
    here, away = MemberFactory(group=panel), MemberFactory(group=panel)
    client.force_login(officer)
    response = client.post(
        reverse("groups:meeting_minutes", args=[meeting.pk]),
        {"minutes-minutes": "Met.", "minutes-other_attendees": "2", "minutes-present": [str(here.pk)],
         "minutes-apologies": [str(away.pk)]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    statuses = dict(meeting.attendance.values_list("member_id", "status"))
    assert statuses == {here.pk: "present", away.pk: "apologies"}


def test_paper_page_uploads_a_paper(client, officer, panel):
    meeting = schedule(panel, officer, NOW)[0]
    client.force_login(officer)
    response = client.post(
        reverse("groups:meeting_paper_add", args=[meeting.pk]),
        {"paper-title": "Agenda pack", "paper-file": SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda"),
         "paper-is_public": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    paper = meeting.papers.get()
    assert paper.title == "Agenda pack" and paper.is_public
