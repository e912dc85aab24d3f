from datetime import date, timedelta

import pytest
from django.utils import timezone

from activities import services
from activities.models import Activity, ActivityPlace, PriorConsultation
from activities.tests.factories import record
from core.errors import NotAllowed, ServiceError
from core.models import AuditEntry, Notification
from notifications.models import OutboundEmail
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _data(unit, ward, **extra):  # type: ignore[no-untyped-def]
    starts = timezone.now() + timedelta(days=5)
    return {
        "title": "Knife crime briefing",
        "purpose": "Explain the operation",
        "method": Activity.Method.STREET_BRIEFING,
        "organising_unit": unit,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "wards": [ward],
        **extra,
    }


def test_record_activity_builds_footprint_and_audits(ward):
    activity = record(wards=[ward])
    assert ActivityPlace.objects.filter(activity=activity, ward=ward, borough=ward.borough).count() == 1
    assert AuditEntry.objects.filter(action="activity.recorded", object_id=str(activity.pk)).exists()


def test_weekly_series_expands_occurrences_without_exceptions(ward):
    starts = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=1)
    skip = (timezone.localtime(starts) + timedelta(weeks=2)).date().isoformat()
    activity = record(
        wards=[ward],
        starts_at=starts,
        recurrence="weekly",
        repeat_until=(timezone.localtime(starts) + timedelta(weeks=4)).date(),
        exception_dates=[skip],
    )
    assert ActivityPlace.objects.filter(activity=activity).count() == 4


def test_end_before_start_is_rejected_and_nothing_saved(ward):
    unit = UnitFactory()
    data = _data(unit, ward)
    data["ends_at"] = data["starts_at"] - timedelta(hours=1)
    with pytest.raises(ServiceError) as err:
        services.record_activity(by=None, data=data, check_scope=False)
    assert err.value.field == "ends_at"
    assert not Activity.objects.exists()


def test_recurrence_without_end_is_rejected(ward):
    with pytest.raises(ServiceError, match="last date"):
        services.record_activity(by=None, data=_data(UnitFactory(), ward, recurrence="weekly"), check_scope=False)


def test_absurd_recurrence_is_rejected(ward):
    data = _data(UnitFactory(), ward, recurrence="weekly", repeat_until=date.today() + timedelta(days=365 * 20))
    with pytest.raises(ServiceError, match="five years"):
        services.record_activity(by=None, data=data, check_scope=False)


def test_place_outside_planners_scope_is_rejected(make_staff, ward, other_ward, ward_team):
    officer = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    with pytest.raises(ServiceError, match="Brixton Windrush"):
        services.record_activity(by=officer, data=_data(ward_team, other_ward))
    assert not Activity.objects.exists()


def test_planner_cannot_plan_for_another_unit(make_staff, ward, ward_team):
    officer = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    with pytest.raises(ServiceError, match="cannot plan activities for"):
        services.record_activity(by=officer, data=_data(UnitFactory(), ward))


def test_outcome_fields_rejected_before_held(ward):
    with pytest.raises(ServiceError, match="once it is held"):
        record(wards=[ward], attendance=20)


def test_status_flow_to_feedback_given(ward):
    activity = record(wards=[ward], starts_at=timezone.now() - timedelta(hours=3))
    services.change_status(activity=activity, by=None, status="confirmed", check_scope=False)
    services.change_status(activity=activity, by=None, status="held", attendance=30, check_scope=False)
    services.change_status(
        activity=activity, by=None, status="outcome_recorded", outcome_notes="Three priorities", check_scope=False
    )
    activity = services.change_status(
        activity=activity, by=None, status="feedback_given", feedback_notes="Posted on ward page", check_scope=False
    )
    assert activity.status == "feedback_given"
    assert activity.attendance == 30


def test_cannot_skip_from_planned_to_feedback_given(ward):
    activity = record(wards=[ward])
    with pytest.raises(ServiceError, match="cannot become"):
        services.change_status(activity=activity, by=None, status="feedback_given", check_scope=False)


def test_cannot_mark_future_activity_held(ward):
    activity = record(wards=[ward])
    with pytest.raises(ServiceError, match="before it starts"):
        services.change_status(activity=activity, by=None, status="held", check_scope=False)


def test_cancelling_removes_footprint(ward):
    activity = record(wards=[ward])
    services.change_status(
        activity=activity, by=None, status="cancelled", cancelled_reason="Venue closed", check_scope=False
    )
    assert not ActivityPlace.objects.filter(activity=activity).exists()


def test_another_units_activity_consults_ward_team(ward, ward_team, make_staff):
    team_member = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, email="pc@police.example.test")
    activity = record(wards=[ward], organising_unit=UnitFactory(kind=Unit.Kind.BUSINESS_GROUP))
    consultation = PriorConsultation.objects.get(activity=activity)
    assert consultation.team == ward_team
    assert Notification.objects.filter(user=team_member, kind="activity.consultation").exists()
    assert OutboundEmail.objects.filter(to="pc@police.example.test").exists()


def test_teams_own_activity_needs_no_consultation(ward, ward_team):
    activity = record(wards=[ward], organising_unit=ward_team)
    assert not activity.consultations.exists()


def test_only_the_team_can_answer_a_consultation(ward, ward_team, make_staff):
    activity = record(wards=[ward])
    consultation = activity.consultations.get()
    outsider = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=UnitFactory())
    with pytest.raises(NotAllowed):
        services.respond_to_consultation(consultation=consultation, by=outsider, state="acknowledged")


def test_objection_needs_a_reason(ward, ward_team, make_staff):
    member = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    consultation = record(wards=[ward]).consultations.get()
    with pytest.raises(ServiceError, match="reason"):
        services.respond_to_consultation(consultation=consultation, by=member, state="objected")


def test_update_changes_places_and_audits_diff(ward, other_ward):
    activity = record(wards=[ward])
    services.update_activity(activity=activity, by=None, data={"wards": [other_ward]}, check_scope=False)
    assert list(ActivityPlace.objects.filter(activity=activity).values_list("ward_id", flat=True)) == [other_ward.pk]
    entry = AuditEntry.objects.get(action="activity.updated")
    assert "wards" in entry.changes


def test_both_needed_link_requires_a_note(ward, administrator):
    a = record(wards=[ward])
    b = record(wards=[ward])
    with pytest.raises(ServiceError, match="why both"):
        services.link_clash(activity=a, other=b, by=administrator, kind="both_needed")


def test_ward_team_is_emailed_over_smtp(ward, ward_team, make_staff, smtp_server, django_capture_on_commit_callbacks):
    make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team, email="sgt@police.example.test")
    with django_capture_on_commit_callbacks(execute=True):
        record(wards=[ward], title="SO15 community workshop", organising_unit=UnitFactory())
    recipients = {m["X-Rcpt-To"] for m in smtp_server.messages}
    assert "sgt@police.example.test" in recipients
    message = next(m for m in smtp_server.messages if m["X-Rcpt-To"] == "sgt@police.example.test")
    assert "Prior consultation: SO15 community workshop in Catford South" in message["Subject"]
