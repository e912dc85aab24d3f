"""SMTP that knows when the outcome of a send is in doubt.

Once the message's final "." has gone to the server, the server may have accepted it even if we never read its
reply (a timeout, a dropped connection). Such a failure is not "not delivered": `AmbiguousFailure` says so, and
the delivery is recorded as `unknown` (docs/alerts.md, "The guarantee"), never queued to be sent again by itself.
A failure before the final "." (the connection refused, MAIL or RCPT refused, the body cut short) means the server
cannot have accepted the message, so it is safe to try again.
"""

import smtplib
from typing import Any

from django.core.mail.backends.smtp import EmailBackend as DjangoSmtpBackend

from notifications.channels.base import AmbiguousFailure

END_OF_DATA = b"\r\n.\r\n"


class _KnowsWhenDataEnded:
    """Mixed into smtplib's SMTP classes: remembers whether the end of the message has been sent."""

    data_ended = False

    def send(self, s: Any) -> None:
        super().send(s)  # type: ignore[misc]
        if isinstance(s, bytes) and s.endswith(END_OF_DATA):
            self.data_ended = True

    def data(self, msg: Any) -> tuple[int, bytes]:
        self.data_ended = False
        try:
            reply: tuple[int, bytes] = super().data(msg)  # type: ignore[misc]
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            if self.data_ended:
                raise AmbiguousFailure(f"no reply after the message was sent: {exc}") from exc
            raise
        return reply


class TrackingSMTP(_KnowsWhenDataEnded, smtplib.SMTP):
    pass


class TrackingSMTPSSL(_KnowsWhenDataEnded, smtplib.SMTP_SSL):
    pass


class EmailBackend(DjangoSmtpBackend):
    """Django's SMTP backend on the classes above (used for alerts when EMAIL_BACKEND is Django's SMTP backend)."""

    @property
    def connection_class(self) -> type[smtplib.SMTP]:
        return TrackingSMTPSSL if self.use_ssl else TrackingSMTP
