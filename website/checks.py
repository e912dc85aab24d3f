"""Deployment checks for what the public pages must say: the privacy notice names the controller and the
data protection officer."""

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register("website", deploy=True)
def privacy_notice_contacts(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    if not settings.DATA_CONTROLLER_NAME.strip():
        messages.append(
            checks.Warning(
                "The privacy notice does not name the data controller.",
                hint="Set DATA_CONTROLLER_NAME (and DATA_CONTROLLER_ADDRESS) in the environment.",
                id="website.W001",
            )
        )
    if not (settings.DATA_PROTECTION_OFFICER_EMAIL.strip() or settings.DATA_PROTECTION_OFFICER_ADDRESS.strip()):
        messages.append(
            checks.Warning(
                "The privacy notice gives no way to contact the data protection officer.",
                hint="Set DATA_PROTECTION_OFFICER_EMAIL or DATA_PROTECTION_OFFICER_ADDRESS in the environment.",
                id="website.W002",
            )
        )
    return messages
