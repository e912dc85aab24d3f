from django.apps import AppConfig
from django.utils.translation import gettext_noop


class PlansConfig(AppConfig):
    name = "plans"
    label = "plans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from core import registry
        from plans import queries, services

        registry.public_nav.add(gettext_noop("Action plans"), "plans:index", order=80)
        registry.staff_nav.add("Action plans", "plans:index", order=80)
        registry.workspace.add(
            "plans.actions", order=80, template="plans/_workspace_card.html", context=queries.workspace_card
        )
        registry.personal_data.add(
            "plans", export=services.export_personal_data, erase=services.erase_personal_data, accounts_only=True
        )
