"""Deployment checks for accounts (`manage.py check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def mfa_encryption_key_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.MFA_ENCRYPTION_KEY:
        return []
    return [
        Warning(
            "MFA_ENCRYPTION_KEY is not set: second-factor secrets are encrypted with a key derived from SECRET_KEY.",
            hint="Set MFA_ENCRYPTION_KEY to a long random string kept apart from SECRET_KEY (docs/accounts.md).",
            id="accounts.W001",
        )
    ]
