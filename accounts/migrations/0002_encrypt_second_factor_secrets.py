"""Encrypt the TOTP secrets and recovery-code seeds already stored in plain text (MFA_ENCRYPTION_KEY)."""

from typing import Any

from django.db import migrations

from accounts.migrations import _second_factor


def forwards(apps: Any, schema_editor: Any) -> None:
    _second_factor.encrypt_all(apps.get_model("mfa", "Authenticator"))


def backwards(apps: Any, schema_editor: Any) -> None:
    _second_factor.decrypt_all(apps.get_model("mfa", "Authenticator"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
