"""What core adds to the privacy notice: the audit log, with its retention."""

from core import audit, registry, retention


def register() -> None:
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
