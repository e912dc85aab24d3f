from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    label = "practice"
    verbose_name = "Planning from knowledge: ward plans, good practice, guides"

    def ready(self) -> None:
        from core import registry
        from practice import permissions, queries

        registry.staff_nav.add("Ward plans", "practice:plans", order=77, visible=permissions.reads_plans)
        registry.workspace.add(
            "practice.plans", order=77, template="practice/_workspace_card.html", context=queries.workspace_card
        )
