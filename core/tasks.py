"""Background tasks of the core app (thin: load by id, do the work, record the outcome)."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from core.models import OutboundEmail


@task()
def send_outbound_email(email_id: int) -> None:
    # Claim the row atomically so that two workers holding the same id cannot both send it.
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED).update(
        status=OutboundEmail.Status.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(email.subject, email.text, to=[email.to], headers=email.headers or None)
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any failure is recorded and the row can be retried
        with transaction.atomic():
            OutboundEmail.objects.filter(pk=email_id).update(
                status=OutboundEmail.Status.FAILED, error=f"{exc.__class__.__name__}: {exc}"[:500]
            )
        return
    OutboundEmail.objects.filter(pk=email_id).update(status=OutboundEmail.Status.SENT, sent_at=timezone.now())
