"""The SMS gateway interface and the failures a channel reports."""


class TemporaryFailure(Exception):
    """Try again later (network trouble, 4xx SMTP reply, 5xx/429 from a provider)."""


class PermanentFailure(Exception):
    """This address will never work (5xx SMTP reply to RCPT, invalid number): suppress it."""


class AmbiguousFailure(Exception):
    """The provider may or may not have accepted the message (no reply after it was handed over): `unknown`."""


class SmsGateway:
    """Send one text message; return the provider's reference. Raise Temporary/PermanentFailure."""

    def send(self, *, to: str, text: str, reference: str) -> str:
        raise NotImplementedError
