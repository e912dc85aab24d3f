from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.errors import NotAllowed, ServiceError
from core.models import Notification
from feedback import queries, services
from feedback.models import FeedbackEntry, FeedbackRecord, Participant

pytestmark = pytest.mark.django_db


def test_ensure_record_creates_one_record_per_subject(ward, officer):
    subject = ward  # any model instance can be a subject
    first = services.ensure_record(subject=subject, by=officer, asked="What worries you?", wards=[ward])
    second = services.ensure_record(subject=subject, by=officer, asked="Something else", wards=[ward])
    assert first.pk == second.pk
    assert FeedbackRecord.objects.count() == 1
    assert second.asked == "What worries you?"
    assert queries.record_for(subject) == first


def test_record_for_is_none_without_record(ward):
    assert queries.record_for(ward) is None


def test_add_participant_deduplicates_by_email_and_phone(ward, officer):
    services.ensure_record(subject=ward, by=officer, wards=[ward])
    services.add_participant(subject=ward, email="A@Example.test", source="issue")
    services.add_participant(subject=ward, email="a@example.test", name="A", source="vote")
    services.add_participant(subject=ward, phone="07700900123", source="vote")
    services.add_participant(subject=ward, phone="07700900123", source="attendee")
    services.add_participant(subject=ward, source="attendee")  # no contact: nothing kept
    assert Participant.objects.count() == 2


def test_add_participant_without_record_is_a_clear_error(ward):
    with pytest.raises(ServiceError):
        services.add_participant(subject=ward, email="a@example.test", source="issue")


def test_publishing_we_did_emails_participants_over_smtp(
    ward, officer, smtp_server, django_capture_on_commit_callbacks
):
    record = services.ensure_record(subject=ward, by=officer, title="Parking on Bromley Road", wards=[ward])
    services.add_participant(subject=ward, email="resident@example.test", name="Pat", source="issue")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_entry(record=record, by=officer, kind="did", text="We ticketed 14 cars.")
    assert len(smtp_server.messages) == 1
    msg = smtp_server.messages[0]
    assert msg["To"] == "resident@example.test"
    assert "We did: Parking on Bromley Road" in msg["Subject"]
    body = (
        msg.get_payload(decode=True).decode()
        if not msg.is_multipart()
        else msg.get_payload(0).get_payload(decode=True).decode()
    )
    assert "We ticketed 14 cars." in body
    record.refresh_from_db()
    assert record.did_published_at is not None
    assert Participant.objects.get().last_told_at is not None


def test_you_said_entry_keeps_numbers(ward, officer):
    record = services.ensure_record(subject=ward, by=officer, wards=[ward])
    services.add_entry(record=record, by=officer, kind="said", text="Most worried about speeding", count=42)
    record.refresh_from_db()
    assert record.said_count == 42
    assert record.did_published_at is None


def test_empty_entry_is_refused(ward, officer):
    record = services.ensure_record(subject=ward, by=officer, wards=[ward])
    with pytest.raises(ServiceError):
        services.add_entry(record=record, by=officer, kind="did", text="   ")
    assert FeedbackEntry.objects.count() == 0


def test_officer_outside_area_cannot_add_entry(other_ward, officer):
    record = services.ensure_record(subject=other_ward, by=None, wards=[other_ward])
    with pytest.raises(NotAllowed):
        services.add_entry(record=record, by=officer, kind="did", text="x")


def test_subject_with_starts_at_gets_a_due_date(ward, officer, settings):
    settings.FEEDBACK_TARGET_DAYS = 10

    class Held:
        pk = 5
        _meta = ward._meta
        starts_at = timezone.now()

    record = services.ensure_record(subject=Held(), by=officer, title="Street briefing", wards=[ward])  # type: ignore[arg-type]
    assert record.due_at is not None
    assert abs((record.due_at - timezone.now()) - timedelta(days=10)) < timedelta(minutes=1)


def test_flag_overdue_notifies_team_once(ward, officer):
    record = services.ensure_record(subject=ward, by=officer, title="Street briefing", wards=[ward])
    services.set_due(subject=ward, held_at=timezone.now() - timedelta(days=30))
    assert services.flag_overdue() == 1
    assert services.flag_overdue() == 0
    notice = Notification.objects.get(user=officer)
    assert "overdue" in notice.message
    assert notice.link == record.get_absolute_url()


def test_published_record_is_not_overdue(ward, officer):
    record = services.ensure_record(subject=ward, by=officer, wards=[ward])
    services.set_due(subject=ward, held_at=timezone.now() - timedelta(days=40))
    services.add_entry(record=record, by=officer, kind="did", text="Done")
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert services.flag_overdue() == 0


def test_publishing_we_did_texts_participants_with_a_phone(ward, officer):
    from notifications.models import SmsOutbox

    record = services.ensure_record(subject=ward, by=officer, title="Street briefing", wards=[ward])
    services.add_participant(subject=ward, phone="07700 900123", source="attendee")
    services.add_participant(subject=ward, phone="not a number", source="attendee")
    services.add_entry(record=record, by=officer, kind="did", text="We closed the alley.")
    sms = SmsOutbox.objects.get()
    assert "We closed the alley." in sms.text
    assert sms.reason == "feedback.published"
    assert Participant.objects.filter(last_told_at__isnull=False).count() == 1


def test_overdue_notices_go_to_the_local_team_not_to_everyone_london_wide(ward, officer, make_staff):
    from organisations.models import Role

    central = make_staff(Role.CENTRAL_CHAMPION, london_wide=True)
    services.ensure_record(subject=ward, by=officer, title="Street briefing", wards=[ward])
    services.set_due(subject=ward, held_at=timezone.now() - timedelta(days=30))
    assert services.flag_overdue() == 1
    assert Notification.objects.filter(user=officer).exists()
    assert not Notification.objects.filter(user=central).exists()


def test_overdue_notice_of_a_london_wide_record_goes_to_who_started_it(ward, officer, make_staff):
    from organisations.models import Role

    owner, other = (
        make_staff(Role.CENTRAL_CHAMPION, london_wide=True),
        make_staff(Role.CENTRAL_CHAMPION, london_wide=True),
    )
    services.ensure_record(subject=ward, by=owner, title="London survey", london_wide=True)
    services.set_due(subject=ward, held_at=timezone.now() - timedelta(days=30))
    assert services.flag_overdue() == 1
    assert Notification.objects.filter(user=owner).exists()
    assert not Notification.objects.filter(user__in=[officer, other]).exists()
