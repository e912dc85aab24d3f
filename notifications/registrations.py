"""What notifications adds to the privacy notice: the emails and texts it sends, with their retention."""

from django.utils.translation import gettext, gettext_noop

from core import registry, retention
from notifications import notify, sms


def register() -> None:
    registry.personal_records.add(
        "notifications.emails",
        order=90,
        record=gettext_noop("Emails we send you (confirmations, answers, news of what was done)"),
        basis=gettext_noop("As for the record the email is about"),
        kept=lambda: (
            gettext("%(period)s after sending, then deleted") % {"period": retention.in_words("OUTBOX_RETENTION_DAYS")}
        ),
        expire=notify.expire_emails,
    )
    registry.personal_records.add(
        "notifications.texts",
        order=45,
        record=gettext_noop("Text messages we send you (confirmation codes, news of what was done)"),
        basis=gettext_noop("As for the record the message is about"),
        kept=lambda: (
            gettext("%(period)s after sending, then deleted") % {"period": retention.in_words("OUTBOX_RETENTION_DAYS")}
        ),
        expire=sms.expire_texts,
    )
