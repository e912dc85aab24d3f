"""What core adds to the privacy notice: the audit log, with its retention."""

from django.utils.translation import gettext, gettext_noop

from core import audit, registry, retention


def register() -> None:
    registry.personal_records.add(
        "core.audit",
        order=100,
        record=gettext_noop("The record of changes (audit log): who did what to which record, and when"),
        basis=gettext_noop("Legal obligation and public task: accounting for how we handle information"),
        kept=lambda: (
            gettext(
                "%(period)s, then deleted. If you delete your account, your details in it are replaced by a random "
                "reference"
            )
            % {"period": retention.in_words("AUDIT_RETENTION_DAYS")}
        ),
        expire=audit.expire_entries,
    )
