from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Fictional demonstration data for every domain: it sits above them all (it writes through their models and
    services; no domain imports it), and `load_demo` runs its loaders in order. It also names the demo staff the
    sign-in page offers while demo logins are on."""

    name = "demo"
    label = "demo"
    verbose_name = "Demonstration data"

    def ready(self) -> None:
        from core import registry
        from demo import (
            activities,
            alerts,
            consultations,
            feedback,
            funding,
            groups,
            insight,
            organisations,
            plans,
            practice,
            priorities,
            tension,
            volunteers,
        )

        registry.demo.add("organisations", order=10, load=organisations.load)
        registry.demo.add("activities", order=20, load=activities.load)
        registry.demo.add("groups", order=30, load=groups.load)
        # The fictional equality answers are for the demo groups' members, so they are made with them.
        registry.demo.add("equality", order=35, load=groups.load_equality)
        registry.demo.add("priorities", order=40, load=priorities.load)
        registry.demo.add("feedback", order=50, load=feedback.load)
        registry.demo.add("consultations", order=60, load=consultations.load)
        registry.demo.add("alerts", order=70, load=alerts.load)
        registry.demo.add("plans", order=80, load=plans.load)
        registry.demo.add("insight", order=90, load=insight.load)
        registry.demo.add("funding", order=95, load=funding.load)
        registry.demo.add("practice", order=95, load=practice.load)
        registry.demo.add("tension", order=95, load=tension.load)
        registry.demo.add("volunteers", order=95, load=volunteers.load)
        for spec in organisations.DEMO_STAFF:
            registry.demo.add_sign_in(spec["job_title"], organisations.demo_email(spec["key"]))
