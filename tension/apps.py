from django.apps import AppConfig


class TensionConfig(AppConfig):
    name = "tension"
    label = "tension"
    verbose_name = "Community tension and critical incidents"

    def ready(self) -> None:
        from tension import registrations

        registrations.register()
