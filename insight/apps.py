from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "insight"
    label = "insight"
    verbose_name = "Board's view: confidence and engagement"

    def ready(self) -> None:
        from core import registry
        from insight import permissions

        registry.staff_nav.add("Board's view", "insight:index", order=75, visible=permissions.can_read)
