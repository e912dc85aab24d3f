from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    label = "activities"
    verbose_name = "Engagement register"

    def ready(self) -> None:
        from activities import newsletter, registrations, translations

        registrations.register()
        newsletter.register()
        translations.register()
