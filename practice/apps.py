from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    label = "practice"
    verbose_name = "Planning from knowledge: ward plans, good practice, guides"

    def ready(self) -> None:
        from core import registry
        from practice import permissions, queries

        registry.staff_nav.add("Ward plans", "practice:plans", order=77, visible=permissions.reads_plans)
        registry.staff_nav.add("Good practice", "practice:library", order=78, visible=permissions.reads_library)
        registry.public_nav.add("Good practice Top 10", "practice:top_ten", order=85)
        registry.workspace.add(
            "practice.plans", order=77, template="practice/_workspace_card.html", context=queries.workspace_card
        )
