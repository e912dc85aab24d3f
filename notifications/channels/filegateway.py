"""The default SMS gateway: appends each text to a file (or prints it) instead of sending it."""

import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from notifications.channels.base import SmsGateway


class FileGateway(SmsGateway):
    """Writes one JSON line per text to ALERTS_SMS_FILE (console when unset)."""

    def send(self, *, to: str, text: str, reference: str) -> str:
        line = json.dumps({"to": to, "text": text, "reference": reference, "at": timezone.now().isoformat()})
        path = getattr(settings, "ALERTS_SMS_FILE", "")
        if path:
            with Path(path).open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        else:
            print(f"SMS {line}")  # noqa: T201 - the console gateway's purpose
        return reference
