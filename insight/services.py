"""Changes to the board's view other than imports (`insight.importer`): measures and periods, audited."""

from typing import Any

from django.db import models, transaction

from core import audit
from core.errors import NotAllowed
from insight import permissions


@transaction.atomic
def save_setting(*, by: Any, form: Any, what: str) -> models.Model:
    """Save a valid measure or period form and audit what changed."""
    if not permissions.can_manage(by):
        raise NotAllowed("Only administrators manage measures and periods.")
    instance = form.instance  # already holds the new values: the old ones are read from the database
    before = audit.snapshot(type(instance).objects.get(pk=instance.pk)) if instance.pk else {}
    saved = form.save()
    action = f"insight.{what}.{'change' if before else 'add'}"
    audit.log(by, action, saved, changes=audit.diff(before, audit.snapshot(saved)))
    return saved
