from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, PriorConsultation
from activities.tests.factories import record
from organisations.models import Role
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _form(unit, ward_text="Catford South", **extra):  # type: ignore[no-untyped-def]
    starts = timezone.localtime(timezone.now() + timedelta(days=7)).replace(hour=18, minute=0)
    data = {
        "title": "Catford street briefing",
        "purpose": "Hear concerns about the high street",
        "method": "street_briefing",
        "tier": "business_group",
        "organising_unit": unit.pk,
        "wards": ward_text,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "is_public": "on",
        "pre_planned": "on",
    }
    data.update(extra)
    return data


def test_officer_plans_an_activity_in_their_ward(client, officer, ward_team, ward):
    client.force_login(officer)
    response = client.post(reverse("activities:create"), _form(ward_team))
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert list(activity.wards.all()) == [ward]


def test_unknown_ward_is_shown_on_the_form_and_nothing_saved(client, officer, ward_team):
    client.force_login(officer)
    response = client.post(reverse("activities:create"), _form(ward_team, ward_text="Atlantis"))
    assert response.status_code == 400
    assert "Unknown ward code or name: Atlantis" in response.content.decode()
    assert "Catford street briefing" in response.content.decode()
    assert not Activity.objects.exists()


def test_end_before_start_is_shown_on_the_form(client, officer, ward_team):
    client.force_login(officer)
    data = _form(ward_team)
    data["ends_at"], data["starts_at"] = data["starts_at"], data["ends_at"]
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 400
    assert "The end must be after the start" in response.content.decode()


def test_ward_outside_scope_is_shown_on_the_form(client, officer, ward_team):
    client.force_login(officer)
    response = client.post(reverse("activities:create"), _form(ward_team, ward_text="Brixton Windrush"))
    assert response.status_code == 400
    assert "Outside the places you may plan for: Brixton Windrush" in response.content.decode()


def test_check_for_clashes_without_javascript_shows_clash_and_saves_nothing(client, officer, ward_team, ward):
    other = record(wards=[ward], title="SO15 community workshop", starts_at=timezone.now() + timedelta(days=8))
    client.force_login(officer)
    response = client.post(reverse("activities:create"), {**_form(ward_team), "check": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert other.title in body
    assert "Catford South has had" in body
    assert Activity.objects.count() == 1


def test_htmx_check_returns_the_checks_fragment(client, officer, ward_team, ward):
    record(wards=[ward], title="Leaflet drop", starts_at=timezone.now() + timedelta(days=7))
    client.force_login(officer)
    response = client.post(reverse("activities:check"), _form(ward_team), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Leaflet drop" in body
    assert "<html" not in body


def test_other_unit_planning_lists_team_to_consult(client, make_staff, ward, ward_team):
    unit = UnitFactory()
    planner = make_staff(Role.ENGAGEMENT_LEAD, unit=unit, london_wide=True)
    client.force_login(planner)
    response = client.post(reverse("activities:check"), _form(unit))
    assert ward_team.name in response.content.decode()


def test_team_answers_prior_consultation(client, officer, ward):
    activity = record(wards=[ward])
    consultation = activity.consultations.get()
    client.force_login(officer)
    response = client.post(
        reverse("activities:answer_consultation", args=[consultation.pk]),
        {"state": "objected", "comment": "Clashes with our panel"},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == PriorConsultation.State.OBJECTED


def test_status_change_to_held_records_attendance(client, officer, ward_team, ward):
    activity = record(wards=[ward], organising_unit=ward_team, starts_at=timezone.now() - timedelta(hours=3))
    client.force_login(officer)
    response = client.post(reverse("activities:status", args=[activity.pk]), {"status": "held", "attendance": "25"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.attendance) == ("held", 25)


def test_outcome_without_notes_is_refused_with_message(client, officer, ward_team, ward):
    activity = record(
        wards=[ward], organising_unit=ward_team, starts_at=timezone.now() - timedelta(hours=3), status="held"
    )
    client.force_login(officer)
    response = client.post(reverse("activities:status", args=[activity.pk]), {"status": "outcome_recorded"})
    assert response.status_code == 400
    assert "Describe the outcome" in response.content.decode()


def test_activity_in_another_borough_is_not_found(client, officer, other_ward):
    activity = record(wards=[other_ward])
    client.force_login(officer)
    assert client.get(activity.get_absolute_url()).status_code == 404


def test_list_filters_by_method_and_exports_csv(client, administrator, ward):
    record(wards=[ward], title="Panel A", method="panel_meeting")
    record(wards=[ward], title="Leaflets B", method="leaflet_drop")
    client.force_login(administrator)
    page = client.get(reverse("activities:index"), {"method": "panel_meeting"}).content.decode()
    assert "Panel A" in page and "Leaflets B" not in page
    csv = b"".join(client.get(reverse("activities:export"), {"method": "panel_meeting"}).streaming_content).decode()
    assert "Panel A" in csv and "Leaflets B" not in csv
    assert ward.code in csv


def test_calendar_month_shows_occurrence(client, administrator, ward):
    starts = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=18, minute=0)
    record(wards=[ward], title="Calendar meeting", starts_at=starts)
    client.force_login(administrator)
    response = client.get(reverse("activities:calendar"), {"month": starts.strftime("%Y-%m")})
    assert "Calendar meeting" in response.content.decode()
    week = client.get(reverse("activities:calendar"), {"view": "week", "week": starts.date().isoformat()})
    assert "Calendar meeting" in week.content.decode()


def test_fatigue_table_lists_wards_of_borough(client, administrator, ward):
    record(wards=[ward], starts_at=timezone.now() - timedelta(days=2))
    client.force_login(administrator)
    response = client.get(reverse("activities:fatigue"), {"borough": ward.borough.code})
    assert response.status_code == 200
    assert "Catford South" in response.content.decode()


def test_coordinator_sees_waiting_consultations(client, make_staff, lewisham, ward, ward_team):
    record(wards=[ward], title="Awaiting answer")
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    client.force_login(champion)
    assert "Awaiting answer" in client.get(reverse("activities:waiting")).content.decode()


def test_public_activity_shown_on_ward_page(client, ward):
    record(wards=[ward], title="Meet your ward team", venue="Catford library")
    response = client.get(ward.get_absolute_url())
    assert "Meet your ward team" in response.content.decode()


def test_public_page_hides_restricted_activity(client, ward):
    activity = record(wards=[ward], is_public=False)
    assert client.get(activity.get_public_url()).status_code == 404


def test_administrator_adds_standard_and_report_shows_it(client, administrator, lewisham):
    client.force_login(administrator)
    response = client.post(
        reverse("activities:standard_add"),
        {"name": "Youth each quarter", "level": "borough", "min_count": "1", "period_days": "91", "is_active": "on"},
    )
    assert response.status_code == 302
    report = client.get(reverse("activities:standards")).content.decode()
    assert "Youth each quarter" in report and "Does not meet" in report


def test_officer_cannot_change_fatigue_thresholds(client, officer):
    client.force_login(officer)
    assert client.get(reverse("activities:fatigue_settings")).status_code == 403


def test_workspace_card_lists_consultation_waiting(client, officer, ward):
    record(wards=[ward], title="Needs your view")
    client.force_login(officer)
    assert "Needs your view" in client.get(reverse("workspace:home")).content.decode()


def test_operation_with_reassurance_activities_listed(client, administrator, ward, lewisham):
    from activities.models import Operation

    unit = UnitFactory()
    op = Operation.objects.create(name="Operation Test", organising_unit=unit, starts_on=timezone.localdate())
    op.boroughs.set([lewisham])
    record(wards=[ward], title="Reassurance before", operation=op, operation_phase="before")
    client.force_login(administrator)
    body = client.get(reverse("activities:operations")).content.decode()
    assert "Operation Test" in body and "Before the operation: " in body


def test_administrator_sets_fatigue_thresholds(client, administrator):
    from activities.models import FatigueSettings

    client.force_login(administrator)
    data = {"medium_4w": "2", "high_4w": "3", "medium_12w": "5", "high_12w": "9", "clash_window_days": "14"}
    data.update({"medium_percentile": "80", "high_percentile": "97"})
    data.update({f"weight_{m}": "1" for m in Activity.Method.values})
    response = client.post(reverse("activities:fatigue_settings"), data)
    assert response.status_code == 302
    row = FatigueSettings.objects.get()
    assert (row.high_4w, row.clash_window_days, row.method_weights["leaflet_drop"]) == (3, 14, 1.0)
    assert (row.medium_percentile, row.high_percentile) == (80, 97)


def test_medium_percentile_above_high_is_refused(client, administrator):
    client.force_login(administrator)
    data = {"medium_4w": "2", "high_4w": "3", "medium_12w": "5", "high_12w": "9", "clash_window_days": "14"}
    data.update({"medium_percentile": "96", "high_percentile": "90"})
    data.update({f"weight_{m}": "1" for m in Activity.Method.values})
    response = client.post(reverse("activities:fatigue_settings"), data)
    assert response.status_code == 400
    assert "The medium percentile must be below the high one." in response.content.decode()


def test_administrator_adds_community_of_interest(client, administrator):
    from activities.models import CommunityOfInterest

    client.force_login(administrator)
    response = client.post(reverse("activities:community_add"), {"name": "Traveller communities", "is_active": "on"})
    assert response.status_code == 302
    assert CommunityOfInterest.objects.get().slug == "traveller-communities"


def test_planner_changes_details_and_history_is_kept(client, officer, ward_team, ward):
    from core.models import AuditEntry

    activity = record(wards=[ward], organising_unit=ward_team)
    client.force_login(officer)
    data = _form(ward_team, title="Renamed briefing")
    response = client.post(reverse("activities:edit", args=[activity.pk]), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Renamed briefing"
    assert AuditEntry.objects.filter(action="activity.updated", object_id=str(activity.pk)).exists()


def test_planning_panel_lists_standing_series_apart_from_the_real_clash(client, officer, ward_team, ward):
    starts = timezone.now() + timedelta(days=10)
    record(wards=[ward], title="Catford South ward panel", starts_at=starts)
    record(
        london_wide=True,
        audience="internal",
        title="Faith officers call",
        starts_at=starts - timedelta(days=2),
        recurrence="weekly",
        repeat_until=(starts + timedelta(days=30)).date(),
    )
    client.force_login(officer)
    data = _form(ward_team)
    data["starts_at"] = timezone.localtime(starts).strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = timezone.localtime(starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    body = client.post(reverse("activities:check"), data, HTTP_HX_REQUEST="true").content.decode()
    clashes, standing = body.split("London-wide standing series")
    assert "Catford South ward panel" in clashes and "Faith officers call" not in clashes
    assert "Faith officers call" in standing and "staff only" in standing


def test_fatigue_table_filters_by_level_and_sorts(client, administrator, ward, lewisham):
    busy = ward
    quiet = lewisham.wards.exclude(pk=ward.pk).first()
    for days in range(1, 6):
        record(wards=[busy], starts_at=timezone.now() - timedelta(days=days))
    record(wards=[quiet], starts_at=timezone.now() - timedelta(days=1))
    client.force_login(administrator)
    url = reverse("activities:fatigue")
    high = client.get(url, {"borough": lewisham.code, "level": "high"}).content.decode()
    assert busy.name in high and quiet.name not in high
    by_name = client.get(url, {"borough": lewisham.code, "sort": "name"}).content.decode()
    names = sorted(w.name for w in lewisham.wards.all())
    assert by_name.index(names[0]) < by_name.index(names[-1])
    assert client.get(url, {"borough": lewisham.code, "sort": "bogus", "level": "bogus"}).status_code == 200


@pytest.mark.parametrize("place", ["ward", "borough"])
def test_the_calendar_filtered_by_place_shows_what_the_list_shows(client, administrator, ward, other_ward, place):
    """The calendar reads a ward or borough on the month's footprint rows; the list reads it on the activities:
    both must show the same activities (a ward's own, its borough's, London-wide, a weekly one's occurrences)."""
    starts = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=18, minute=0)
    record(wards=[ward], title="In the ward", starts_at=starts)
    record(boroughs=[ward.borough], title="Across the borough", starts_at=starts + timedelta(hours=1))
    record(london_wide=True, title="Across London", starts_at=starts + timedelta(hours=2))
    record(wards=[other_ward], title="Elsewhere", starts_at=starts)
    record(
        wards=[ward], title="Weekly surgery", starts_at=starts - timedelta(days=1), recurrence="weekly",
        repeat_until=(starts + timedelta(days=20)).date(),
    )  # fmt: skip
    client.force_login(administrator)
    value = ward.code if place == "ward" else ward.borough.code
    month = starts.strftime("%Y-%m")
    calendar = client.get(reverse("activities:calendar"), {place: value, "month": month}).content.decode()
    listed = client.get(reverse("activities:index"), {place: value}).content.decode()
    for title in ("In the ward", "Across the borough", "Across London", "Weekly surgery"):
        assert title in calendar and title in listed
    assert "Elsewhere" not in calendar and "Elsewhere" not in listed
    everything = client.get(reverse("activities:calendar"), {"month": month}).content.decode()
    assert "Elsewhere" in everything
