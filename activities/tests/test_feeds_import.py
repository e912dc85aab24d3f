from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from activities.importer import import_activities
from activities.models import Activity
from activities.tests.factories import record

pytestmark = pytest.mark.django_db

HEADER = "title,purpose,method,organising_unit,ward_codes,starts_at,ends_at,recurrence,repeat_until\n"


def test_ward_calendar_has_rrule_and_exdate(client, ward):
    starts = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=19, minute=0, second=0, microsecond=0)
    skip = (starts + timedelta(weeks=1)).date().isoformat()
    record(
        wards=[ward],
        title="Weekly surgery",
        starts_at=starts,
        recurrence="fortnightly",
        repeat_until=(starts + timedelta(weeks=8)).date(),
        exception_dates=[(starts + timedelta(weeks=2)).date().isoformat()],
    )
    response = client.get(reverse("ward_calendar", args=[ward.code]))
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    event = next(iter(cal.walk("VEVENT")))
    assert event["summary"] == "Weekly surgery"
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["INTERVAL"] == [2]
    assert "EXDATE" in event
    assert skip  # an exception date that is not an occurrence is refused by the service instead


def test_borough_calendar_leaves_out_restricted(client, ward, lewisham):
    record(wards=[ward], title="Open meeting")
    record(wards=[ward], title="Closed meeting", is_public=False)
    body = client.get(reverse("borough_calendar", args=[lewisham.code])).content.decode()
    assert "Open meeting" in body and "Closed meeting" not in body


def test_unit_calendar(client, ward, ward_team):
    record(wards=[ward], title="Team surgery", organising_unit=ward_team)
    body = client.get(reverse("activities:unit_calendar", args=[ward_team.slug])).content.decode()
    assert "Team surgery" in body


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_import_dry_run_saves_nothing(administrator, ward, ward_team):
    content = _csv(f"Panel,Set priorities,Panel meeting,,{ward.code},2030-01-10 19:00,2030-01-10 20:30,,")
    report = import_activities(by=administrator, name="a.csv", content=content, default_unit=ward_team, dry_run=True)
    assert [r.ok for r in report.rows] == [True]
    assert not Activity.objects.exists()


def test_import_with_a_bad_row_imports_nothing_and_says_why(administrator, ward, ward_team):
    content = _csv(
        f"Panel,Set priorities,panel_meeting,,{ward.code},2030-01-10 19:00,2030-01-10 20:30,,",
        "Bad,Why,street_briefing,,E05999999,2030-01-11 19:00,2030-01-11 20:00,,",
        f"Series,Why,street_briefing,,{ward.code},2030-01-12 19:00,2030-01-12 20:00,weekly,",
    )
    report = import_activities(by=administrator, name="a.csv", content=content, default_unit=ward_team, dry_run=False)
    assert report.imported == 0
    assert [(r.number, r.ok) for r in report.rows] == [(2, True), (3, False), (4, False)]
    assert "Unknown ward code: E05999999" in report.rows[1].message
    assert "last date" in report.rows[2].message
    assert not Activity.objects.exists()


def test_import_xlsx_saves_all_rows(administrator, ward, ward_team):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append(["Panel", "Set priorities", "panel_meeting", "", ward.code, "2030-01-10 19:00", "2030-01-10 20:30"])
    buf = io.BytesIO()
    wb.save(buf)
    report = import_activities(
        by=administrator, name="a.xlsx", content=buf.getvalue(), default_unit=ward_team, dry_run=False
    )
    assert report.imported == 1
    assert Activity.objects.get().wards.get() == ward


def test_import_page_reports_rejected_rows(client, administrator, ward, ward_team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(administrator)
    upload = SimpleUploadedFile("a.csv", _csv("No dates,Why,survey,,,,,,"), content_type="text/csv")
    response = client.post(reverse("activities:import"), {"file": upload, "organising_unit": ward_team.pk})
    assert response.status_code == 400
    assert "Missing starts_at, ends_at" in response.content.decode()


def test_ward_and_borough_calendars_sit_beside_their_pages(ward, lewisham):
    assert reverse("ward_calendar", args=[ward.code]) == f"/wards/{ward.code}/calendar.ics"
    assert reverse("borough_calendar", args=[lewisham.code]) == f"/boroughs/{lewisham.code}/calendar.ics"
