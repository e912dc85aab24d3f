"""Prior consultation that holds: objections block confirmation and publication until settled."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, PriorConsultation
from activities.tests.factories import record
from core.errors import Conflict, NotAllowed, ServiceError
from core.models import AuditEntry, Notification
from notifications.models import OutboundEmail
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_staff):  # type: ignore[no-untyped-def]
    """A Traffic unit engagement lead who plans London-wide."""
    unit = UnitFactory(name="Traffic", short_name="TRF", kind=Unit.Kind.BUSINESS_GROUP)
    return make_staff(Role.ENGAGEMENT_LEAD, unit=unit, london_wide=True, email="lead@police.example.test")


@pytest.fixture
def champion(make_staff, lewisham):  # type: ignore[no-untyped-def]
    return make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,), email="champion@police.example.test")


def _planned(lead, ward, **kwargs):  # type: ignore[no-untyped-def]
    unit = lead.posts.get().unit
    return services.record_activity(
        by=lead,
        data={
            "title": "Traffic roadshow",
            "purpose": "Explain the speed cameras.",
            "method": Activity.Method.PUBLIC_MEETING,
            "organising_unit": unit,
            "wards": [ward],
            "starts_at": timezone.now() + timedelta(days=20),
            "ends_at": timezone.now() + timedelta(days=20, hours=2),
            **kwargs,
        },
    )


def _object(activity, officer):  # type: ignore[no-untyped-def]
    consultation = activity.consultations.get()
    services.respond_to_consultation(
        consultation=consultation, by=officer, state="objected", comment="Same evening as our ward panel"
    )
    consultation.refresh_from_db()
    return consultation


def test_lead_cannot_confirm_after_the_team_objects(client, lead, officer, ward):
    activity = _planned(lead, ward)
    _object(activity, officer)
    client.force_login(lead)
    response = client.post(reverse("activities:status", args=[activity.pk]), {"status": "confirmed"})
    assert response.status_code == 409
    assert "objection" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED


def test_objection_to_a_confirmed_activity_takes_it_back_to_planned(lead, officer, ward):
    activity = _planned(lead, ward)
    services.change_status(activity=activity, by=lead, status="confirmed")
    _object(activity, officer)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED
    with pytest.raises(Conflict):
        services.change_status(activity=activity, by=lead, status="confirmed")


def test_objection_resolved_by_lead_and_team_lets_it_be_confirmed(lead, officer, ward):
    activity = _planned(lead, ward)
    consultation = _object(activity, officer)
    services.resolve_objection(consultation=consultation, by=lead, note="Moved to the following evening")
    consultation.refresh_from_db()
    assert consultation.state == PriorConsultation.State.OBJECTED  # the team has not agreed yet
    with pytest.raises(Conflict):
        services.change_status(activity=activity, by=lead, status="confirmed")
    services.resolve_objection(consultation=consultation, by=officer, note="Agreed")
    consultation.refresh_from_db()
    assert consultation.state == PriorConsultation.State.RESOLVED
    services.change_status(activity=activity, by=lead, status="confirmed")
    assert AuditEntry.objects.filter(action="activity.consultation_resolved").exists()


def test_borough_champion_overrules_with_a_recorded_reason(client, lead, officer, champion, ward):
    activity = _planned(lead, ward)
    consultation = _object(activity, officer)
    client.force_login(champion)
    url = reverse("activities:overrule_consultation", args=[consultation.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Road safety week cannot move; the panel is told in advance."})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == PriorConsultation.State.OVERRULED
    assert consultation.overruled_by == champion
    entry = AuditEntry.objects.get(action="activity.consultation_overruled")
    assert "Road safety week" in entry.changes["reason"]
    services.change_status(activity=activity, by=lead, status="confirmed")


def test_lead_cannot_overrule_an_objection(lead, officer, ward):
    consultation = _object(_planned(lead, ward), officer)
    with pytest.raises(NotAllowed):
        services.overrule_objection(consultation=consultation, by=lead, reason="We are busy")


def test_champion_of_another_borough_cannot_overrule(make_staff, lambeth, lead, officer, ward):
    consultation = _object(_planned(lead, ward), officer)
    other = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lambeth,))
    with pytest.raises(NotAllowed):
        services.overrule_objection(consultation=consultation, by=other, reason="No")


def test_not_on_the_public_ward_page_while_the_team_is_consulted(
    client, lead, officer, ward, django_capture_on_commit_callbacks
):
    activity = _planned(lead, ward)
    assert "Traffic roadshow" not in client.get(ward.get_absolute_url()).content.decode()
    assert client.get(activity.get_public_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_consultation(consultation=activity.consultations.get(), by=officer, state="acknowledged")
    assert "Traffic roadshow" in client.get(ward.get_absolute_url()).content.decode()
    assert client.get(activity.get_public_url()).status_code == 200


def test_not_in_the_public_calendar_while_objected(client, lead, officer, ward):
    _object(_planned(lead, ward), officer)
    body = client.get(reverse("ward_calendar", args=[ward.code])).content.decode()
    assert "Traffic roadshow" not in body


def test_silence_until_the_deadline_counts_as_acknowledgement_and_tells_the_coordinator(
    settings, lead, officer, champion, ward
):
    settings.PRIOR_CONSULTATION_DAYS = 5
    activity = _planned(lead, ward)
    consultation = activity.consultations.get()
    assert consultation.respond_by is not None
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        assert services.lapse_unanswered_consultations() == 0
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert services.lapse_unanswered_consultations() == 1
    consultation.refresh_from_db()
    assert consultation.state == PriorConsultation.State.LAPSED
    assert Notification.objects.filter(user=champion, kind="activity.consultation_lapsed").exists()
    assert OutboundEmail.objects.filter(to="champion@police.example.test", reason="activity.consultation_lapsed")
    activity.refresh_from_db()
    assert not activity.consultation_pending
    services.change_status(activity=activity, by=lead, status="confirmed")


def test_email_links_are_absolute(settings, lead, officer, ward):
    settings.SITE_URL = "https://engage.example.test"
    activity = _planned(lead, ward)
    email = OutboundEmail.objects.get(to="officer@police.example.test")
    assert f"https://engage.example.test/activities/{activity.pk}/" in email.text
    assert "\n/activities/" not in email.text


def test_another_team_answering_gets_a_403_with_a_clear_message(client, make_staff, lead, ward, ward_team):
    activity = _planned(lead, ward)
    consultation = activity.consultations.get()
    outsider = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM))
    client.force_login(outsider)
    response = client.post(reverse("activities:answer_consultation", args=[consultation.pk]), {"state": "acknowledged"})
    assert response.status_code == 403
    assert "Only the ward&#x27;s neighbourhood team" in response.content.decode()


def test_coordinator_sees_objections_waiting_for_them(client, lead, officer, champion, ward):
    _object(_planned(lead, ward), officer)
    client.force_login(champion)
    body = client.get(reverse("activities:waiting")).content.decode()
    assert "Objections to settle" in body and "Traffic roadshow" in body


def test_resolution_needs_a_note(lead, officer, ward):
    consultation = _object(_planned(lead, ward), officer)
    with pytest.raises(ServiceError, match="agreed"):
        services.resolve_objection(consultation=consultation, by=lead, note=" ")


def test_champions_workspace_lists_objections_to_settle(client, lead, officer, champion, ward):
    _object(_planned(lead, ward), officer)
    client.force_login(champion)
    body = client.get(reverse("workspace:home")).content.decode()
    assert "Objections to settle" in body and "Traffic roadshow" in body


def test_a_late_answer_after_the_deadline_is_refused_with_the_reason(settings, client, lead, officer, ward):
    from django.core.management import call_command

    activity = _planned(lead, ward)
    consultation = activity.consultations.get()
    with time_machine.travel(timezone.now() + timedelta(days=settings.PRIOR_CONSULTATION_DAYS + 1)):
        call_command("lapse_prior_consultations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(officer)
    response = client.post(
        reverse("activities:answer_consultation", args=[consultation.pk]), {"state": "objected", "comment": "Late"}
    )
    assert response.status_code == 409
    assert "counts as acknowledged" in response.content.decode()


def test_deadline_is_never_after_the_activity_starts(settings, lead, ward, ward_team):
    settings.PRIOR_CONSULTATION_DAYS = 30
    activity = _planned(lead, ward)
    assert activity.consultations.get().respond_by == activity.starts_at


def test_cancelled_activity_leaves_the_objections_to_settle(client, lead, officer, champion, ward):
    activity = _planned(lead, ward)
    _object(activity, officer)
    services.change_status(activity=activity, by=lead, status="cancelled", cancelled_reason="Venue closed")
    from activities import queries

    assert not queries.objections_for_coordinator(champion).exists()


def test_moving_the_start_earlier_brings_the_deadline_forward(lead, ward, ward_team):
    activity = _planned(lead, ward)
    sooner = timezone.now() + timedelta(days=2)
    services.update_activity(activity=activity, by=lead, data={"starts_at": sooner, "ends_at": sooner + timedelta(1)})
    assert activity.consultations.get().respond_by == sooner


def test_a_champion_cannot_overrule_an_objection_to_their_own_units_activity(make_staff, lewisham, officer, ward):
    bcu = UnitFactory(name="South East BCU", kind=Unit.Kind.COMMAND_UNIT)
    champion = make_staff(Role.BOROUGH_CHAMPION, unit=bcu, boroughs=(lewisham,))
    activity = record(wards=[ward], organising_unit=bcu, starts_at=timezone.now() + timedelta(days=20))
    consultation = _object(activity, officer)
    with pytest.raises(NotAllowed, match="another coordinator"):
        services.overrule_objection(consultation=consultation, by=champion, reason="Mine")


def test_staff_page_says_it_is_not_public_yet(client, lead, ward, ward_team):
    activity = _planned(lead, ward)
    client.force_login(lead)
    body = client.get(activity.get_absolute_url()).content.decode()
    assert "Not public yet" in body and activity.get_public_url() not in body
