"""What notifications adds to the privacy notice: the emails and texts it sends, with their retention."""

from core import registry, retention
from notifications import notify, sms


def register() -> None:
    registry.personal_records.add(
        "notifications.emails",
        order=90,
        record="Emails we send you (confirmations, answers, news of what was done)",
        basis="As for the record the email is about",
        kept=lambda: f"{retention.in_words('OUTBOX_RETENTION_DAYS')} after sending, then deleted",
        expire=notify.expire_emails,
    )
    registry.personal_records.add(
        "notifications.texts",
        order=45,
        record="Text messages we send you (confirmation codes, news of what was done)",
        basis="As for the record the message is about",
        kept=lambda: f"{retention.in_words('OUTBOX_RETENTION_DAYS')} after sending, then deleted",
        expire=sms.expire_texts,
    )
