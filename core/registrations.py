"""What core adds to the privacy notice: the emails it sends and the audit log, with their retention."""

from core import audit, notify, registry, retention


def register() -> None:
    registry.personal_records.add(
        "core.emails",
        order=90,
        record="Emails we send you (confirmations, answers, news of what was done)",
        basis="As for the record the email is about",
        kept=lambda: f"{retention.in_words('OUTBOX_RETENTION_DAYS')} after sending, then deleted",
        expire=notify.expire_emails,
    )
    registry.personal_records.add(
        "core.audit",
        order=100,
        record="The record of changes (audit log): who did what to which record, and when",
        basis="Legal obligation and public task: accounting for how we handle information",
        kept=lambda: (
            f"{retention.in_words('AUDIT_RETENTION_DAYS')}, then deleted. If you delete your account, your "
            "details in it are replaced by a random reference"
        ),
        expire=audit.expire_entries,
    )
