"""A real SMS provider adapter: a JSON POST (Notify/Twilio style) with urllib.

Settings: ALERTS_SMS_HTTP_URL, ALERTS_SMS_HTTP_TOKEN (sent as `Authorization: Bearer …`),
ALERTS_SMS_HTTP_SENDER, ALERTS_SMS_HTTP_TIMEOUT (seconds).
Request body: {"to": "+447…", "from": "<sender>", "body": "<text>", "reference": "<idempotency key>"}.
The provider answers 2xx with JSON {"id": "…"}; 4xx (except 429) is permanent, 429/5xx temporary.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings

from notifications.channels.base import PermanentFailure, SmsGateway, TemporaryFailure


class HttpJsonGateway(SmsGateway):
    def __init__(self) -> None:
        self.url: str = getattr(settings, "ALERTS_SMS_HTTP_URL", "")
        self.token: str = getattr(settings, "ALERTS_SMS_HTTP_TOKEN", "")
        self.sender: str = getattr(settings, "ALERTS_SMS_HTTP_SENDER", "EngageHub")
        self.timeout: float = float(getattr(settings, "ALERTS_SMS_HTTP_TIMEOUT", 10))
        if not self.url.startswith(("http://", "https://")):
            raise PermanentFailure("ALERTS_SMS_HTTP_URL must be an http(s) URL")

    def send(self, *, to: str, text: str, reference: str) -> str:
        body = json.dumps({"to": to, "from": self.sender, "body": text, "reference": reference}).encode()
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": reference,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:200].decode(errors="replace")
            if exc.code == 429 or exc.code >= 500:
                raise TemporaryFailure(f"HTTP {exc.code}: {detail}") from exc
            raise PermanentFailure(f"HTTP {exc.code}: {detail}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise TemporaryFailure(str(exc)) from exc
        return str(payload.get("id") or reference)
