from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    label = "funding"
    verbose_name = "Funding of engagement groups"

    def ready(self) -> None:
        from core import registry
        from funding import permissions, queries, services

        registry.staff_nav.add("Funding", "funding:index", order=78, visible=permissions.can_read)
        registry.staff_nav.add("Funding", "funding:mine", order=78, visible=permissions.applies_only)
        registry.plan_action_notes.add("funding", queries.plan_action_notes)
        registry.personal_data.add(
            "funding", export=services.export_personal_data, erase=services.erase_personal_data, accounts_only=True
        )
