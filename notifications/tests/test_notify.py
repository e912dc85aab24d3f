import pytest

from notifications import notify
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db(transaction=True)


def test_email_goes_over_real_smtp_once(smtp_server, django_user_model):
    email = notify.send_email(to="resident@example.test", subject="Hello", text="Body", reason="test")
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["Subject"] == "Hello"
    # A retried task finds the row already sent and does nothing.
    from notifications.tasks import send_outbound_email

    send_outbound_email.call(email.pk)
    assert len(smtp_server.messages) == 1


def test_failed_send_is_recorded_and_queued_again(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens here
    settings.EMAIL_TIMEOUT = 2
    email = notify.send_email(to="resident@example.test", subject="Hello", text="Body")
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED
    assert email.attempts == 1 and email.next_attempt_at
    assert email.error
