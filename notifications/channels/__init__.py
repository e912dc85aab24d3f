"""Channels that carry messages: email over SMTP (one connection per batch) and SMS through a gateway.

SMS gateways are small classes with `send(to, text, reference) -> str` (the provider's id).
`ALERTS_SMS_GATEWAY` names the class: the file gateway (default) or the HTTP JSON provider adapter.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from notifications.channels.base import AmbiguousFailure, PermanentFailure, SmsGateway, TemporaryFailure

__all__ = ["AmbiguousFailure", "PermanentFailure", "SmsGateway", "TemporaryFailure", "sms_gateway"]

DEFAULT_GATEWAY = "notifications.channels.filegateway.FileGateway"


def sms_gateway() -> SmsGateway:
    path = getattr(settings, "ALERTS_SMS_GATEWAY", DEFAULT_GATEWAY)
    cls = import_string(path)
    gateway: SmsGateway = cls()
    return gateway
