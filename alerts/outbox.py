"""The SMS outbox seen by staff: text messages given up on, and sending one again (core.outbox rules)."""

from typing import Any

from django.db import transaction

from alerts.models import SmsOutbox
from alerts.tasks import send_outbox_sms
from core import audit, outbox


@transaction.atomic
def resend_sms(sms: SmsOutbox, *, by: Any) -> bool:
    """Queue a failed (or unknown) text message again with a fresh set of attempts; False if not given up on."""
    if not outbox.resend(SmsOutbox, sms.pk):
        return False
    audit.log(by, "outbox.sms_resent", sms, changes={"status": [sms.status, SmsOutbox.Status.QUEUED]})
    transaction.on_commit(lambda: send_outbox_sms.enqueue(sms.pk))
    return True
