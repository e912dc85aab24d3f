from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Outbound messages to one person, below every domain: the email and SMS outboxes with their retry rules,
    and the channels that carry them (SMTP, the SMS gateway). Domains call `notifications.notify` and
    `notifications.sms`; this app imports none of them."""

    name = "notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from notifications import registrations

        registrations.register()
