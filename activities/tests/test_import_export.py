"""Import and export round-trip: stable references, duplicates reported, the form's rules, XLSX export."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.importer import import_activities
from activities.models import Activity
from activities.tests.factories import record
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

HEADER = "title,purpose,method,organising_unit,ward_codes,starts_at,ends_at\n"


def _when(starts) -> str:  # type: ignore[no-untyped-def]
    return f"{starts:%Y-%m-%d %H:%M},{starts + timedelta(hours=1):%Y-%m-%d %H:%M}"


def _export(client, user, **query) -> bytes:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("activities:export"), query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_reimporting_an_export_updates_instead_of_duplicating(client, administrator, ward, ward_team):
    record(wards=[ward], title="Panel", organising_unit=ward_team)
    record(wards=[ward], title="Surgery", organising_unit=ward_team, venue="Library")
    content = _export(client, administrator)
    content = content.replace(b"Library", b"Town hall")
    report = import_activities(by=administrator, name="a.csv", content=content, default_unit=ward_team, dry_run=False)
    assert not report.rejected, [r.message for r in report.rows]
    assert report.imported == 2 and report.updated == 2
    assert Activity.objects.count() == 2
    assert Activity.objects.get(title="Surgery").venue == "Town hall"


def test_reference_to_an_activity_the_importer_cannot_change_is_refused(make_staff, other_ward, ward, ward_team):
    theirs = record(wards=[other_ward], title="Lambeth panel")
    officer = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    content = (
        "id," + HEADER + f"{theirs.pk},Renamed,Why,public_meeting,,{ward.code},2030-01-10 19:00,2030-01-10 20:00\n"
    ).encode()
    report = import_activities(by=officer, name="a.csv", content=content, default_unit=ward_team, dry_run=False)
    assert report.imported == 0
    assert "cannot change" in report.rows[0].message
    theirs.refresh_from_db()
    assert theirs.title == "Lambeth panel"


def test_unknown_reference_is_refused(administrator, ward, ward_team):
    content = (
        "id," + HEADER + f"999999,X,Why,public_meeting,,{ward.code},2030-01-10 19:00,2030-01-10 20:00\n"
    ).encode()
    report = import_activities(by=administrator, name="a.csv", content=content, default_unit=ward_team, dry_run=True)
    assert "No activity 999999" in report.rows[0].message


def test_duplicate_of_an_existing_activity_is_reported_as_a_warning(administrator, ward, ward_team):
    starts = timezone.localtime(timezone.now() + timedelta(days=30)).replace(hour=19, minute=0, second=0, microsecond=0)
    existing = record(wards=[ward], title="Ward panel", organising_unit=ward_team, starts_at=starts)
    row = f"Panel meeting,Why,panel_meeting,,{ward.code},{_when(starts)}"
    report = import_activities(
        by=administrator, name="a.csv", content=(HEADER + row + "\n").encode(), default_unit=ward_team, dry_run=True
    )
    assert report.rows[0].ok
    assert any(f"duplicate of activity {existing.pk}" in w for w in report.rows[0].warnings)


def test_imported_row_gets_the_clash_check_of_the_form(administrator, ward, ward_team):
    starts = timezone.localtime(timezone.now() + timedelta(days=30)).replace(hour=19, minute=0, second=0, microsecond=0)
    record(wards=[ward], title="Catford South ward panel", organising_unit=UnitFactory(), starts_at=starts)
    row = f"Traffic roadshow,Why,public_meeting,,{ward.code},{_when(starts)}"
    report = import_activities(
        by=administrator, name="a.csv", content=(HEADER + row + "\n").encode(), default_unit=ward_team, dry_run=True
    )
    assert any("Catford South ward panel" in w for w in report.rows[0].warnings)


def test_imported_row_consults_the_ward_team_and_is_held_back(administrator, ward, ward_team):
    other = UnitFactory(short_name="TRF", kind=Unit.Kind.BUSINESS_GROUP)
    row = f"Roadshow,Why,public_meeting,TRF,{ward.code},2030-01-10 19:00,2030-01-10 20:00"
    import_activities(
        by=administrator, name="a.csv", content=(HEADER + row + "\n").encode(), default_unit=other, dry_run=False
    )
    activity = Activity.objects.get()
    assert activity.consultations.get().team == ward_team
    assert activity.consultation_pending


def test_import_page_shows_warnings(client, administrator, ward, ward_team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    starts = timezone.localtime(timezone.now() + timedelta(days=30)).replace(hour=19, minute=0, second=0, microsecond=0)
    record(wards=[ward], title="Catford South ward panel", organising_unit=UnitFactory(), starts_at=starts)
    row = (
        f"Roadshow,Why,public_meeting,,{ward.code},{starts:%Y-%m-%d %H:%M},{starts + timedelta(hours=1):%Y-%m-%d %H:%M}"
    )
    client.force_login(administrator)
    upload = SimpleUploadedFile("a.csv", (HEADER + row + "\n").encode(), content_type="text/csv")
    response = client.post(
        reverse("activities:import"), {"file": upload, "organising_unit": ward_team.pk, "dry_run": "on"}
    )
    assert response.status_code == 200
    assert "Catford South ward panel" in response.content.decode()


def test_xlsx_export_of_a_filtered_list(client, administrator, ward, other_ward):
    record(wards=[ward], title='=HYPERLINK("http://evil")', method="survey")
    record(wards=[other_ward], title="Elsewhere", method="survey")
    client.force_login(administrator)
    response = client.get(reverse("activities:export_xlsx"), {"ward": ward.code})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "id"
    titles = [r[1] for r in rows[1:]]
    assert titles == ['\'=HYPERLINK("http://evil")']


def test_xlsx_export_round_trips_through_the_import(client, administrator, ward, ward_team):
    record(wards=[ward], title="Panel", organising_unit=ward_team)
    client.force_login(administrator)
    content = b"".join(client.get(reverse("activities:export_xlsx")).streaming_content)
    report = import_activities(by=administrator, name="a.xlsx", content=content, default_unit=ward_team, dry_run=False)
    assert not report.rejected, [r.message for r in report.rows]
    assert Activity.objects.count() == 1 and report.updated == 1


def test_register_links_to_the_xlsx_export(client, administrator):
    client.force_login(administrator)
    assert reverse("activities:export_xlsx") in client.get(reverse("activities:index")).content.decode()


def test_neutralised_formula_text_round_trips_unchanged(client, administrator, ward, ward_team):
    record(wards=[ward], title="-5 degrees: winter briefing", organising_unit=ward_team)
    content = _export(client, administrator)
    assert b"'-5 degrees" in content
    import_activities(by=administrator, name="a.csv", content=content, default_unit=ward_team, dry_run=False)
    assert Activity.objects.get().title == "-5 degrees: winter briefing"


def test_whom_an_activity_engages_survives_export_and_import(client, administrator, ward, ward_team):
    """Fatigue counts only asks of the public: a staff-only call must not come back from a spreadsheet as one."""
    record(wards=[ward], title="Staff call", organising_unit=ward_team, audience=Activity.Audience.INTERNAL)
    content = _export(client, administrator)
    assert b",internal," in content
    Activity.objects.update(audience=Activity.Audience.PUBLIC)
    report = import_activities(by=administrator, name="a.csv", content=content, default_unit=ward_team, dry_run=False)
    assert not report.rejected, [r.message for r in report.rows]
    assert Activity.objects.get().audience == Activity.Audience.INTERNAL


def test_an_unknown_audience_in_an_import_is_refused(administrator, ward, ward_team):
    starts = timezone.now() + timedelta(days=30)
    content = (
        "title,purpose,method,organising_unit,ward_codes,audience,starts_at,ends_at\n"
        f"Talk,Why,public_meeting,{ward_team.slug},{ward.code},everyone,{_when(starts)}\n"
    ).encode()
    report = import_activities(by=administrator, name="a.csv", content=content, default_unit=ward_team, dry_run=False)
    assert report.rejected and not Activity.objects.exists()


def _varied(ward, other_ward, ward_team):
    """Activities with every kind of cell: formulas and white space at the start, XML's special characters,
    partners, several places, communities, a series with exceptions, numbers, summer and winter times."""
    from decimal import Decimal

    from activities import services
    from activities.tests.factories import CommunityFactory

    summer = timezone.make_aware(timezone.datetime(2025, 7, 1, 18, 30))
    winter = timezone.make_aware(timezone.datetime(2025, 1, 15, 9, 5))
    partner = UnitFactory(name="Partner unit", short_name="")
    series = record(
        wards=[ward, ward.borough.wards.exclude(pk=ward.pk).first()],
        title="=SUM(A1:A2)",
        venue=" @hall & <room>",
        use_of_results='\tfirst\nsecond, "quoted"',
        organising_unit=ward_team,
        partners=[partner, UnitFactory(short_name="SNT")],
        communities=[CommunityFactory(name="Young people"), CommunityFactory(name="Faith groups")],
        starts_at=summer,
        recurrence="weekly",
        repeat_until=(summer + timedelta(days=35)).date(),
        exception_dates=[(summer + timedelta(days=7)).date().isoformat()],
    )
    held = record(boroughs=[other_ward.borough], title="Held", starts_at=winter, is_public=False, pre_planned=False)
    services.change_status(
        activity=held,
        by=None,
        status="held",
        attendance=12,
        reach=340,
        cost=Decimal("12.50"),
        check_scope=False,
        outcome_notes="=1+1 & more",
    )
    record(london_wide=True, title="+44 call", purpose="-", starts_at=winter + timedelta(days=3))
    return series


def test_the_database_formatted_exports_match_the_plain_ones(ward, other_ward, ward_team):
    """On PostgreSQL the exports read cells formatted by the database; they hold what the plain path writes."""
    from activities import exports

    _varied(ward, other_ward, ward_team)
    qs = Activity.objects.all()
    csv_text = "".join(exports.csv_chunks(qs))
    assert csv_text == "".join(exports._csv_chunks(qs))
    assert "'=SUM(A1:A2)" in csv_text and "2025-07-01 18:30" in csv_text and "2025-01-15 09:05" in csv_text
    assert "Partner unit; SNT" in csv_text and "Faith groups; Young people" in csv_text

    def cells(content) -> list:  # type: ignore[no-untyped-def]
        return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))

    book = cells(b"".join(exports.xlsx_chunks(qs)))
    assert book == cells(b"".join(exports._xlsx_chunks(qs)))
    held, london, series = book[1:]
    assert series[1] == "'=SUM(A1:A2)" and series[22] == "'@hall & <room>" and london[1] == "'+44 call"
    assert held[17] == timezone.datetime(2025, 1, 15, 9, 5) and held[26:29] == (12, 340, 12.5)
