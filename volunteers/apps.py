from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"
    label = "volunteers"
    verbose_name = "Volunteers and outreach"

    def ready(self) -> None:
        from volunteers import registrations

        registrations.register()
