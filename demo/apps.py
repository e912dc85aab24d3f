from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Fictional demonstration data for the domains that keep none of it in their own code: it sits above them all
    (it writes through their models and services), and `load_demo` runs its loaders with every other app's."""

    name = "demo"
    label = "demo"
    verbose_name = "Demonstration data"

    def ready(self) -> None:
        from core import registry
        from demo import alerts, consultations, feedback, plans

        registry.demo.add("feedback", order=50, load=feedback.load)
        registry.demo.add("consultations", order=60, load=consultations.load)
        registry.demo.add("alerts", order=70, load=alerts.load)
        registry.demo.add("plans", order=80, load=plans.load)
