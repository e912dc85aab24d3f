from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"
    label = "organisations"
    verbose_name = "Organisations and people"

    def ready(self) -> None:
        from core import registry
        from organisations import demo, permissions, queries  # noqa: F401 - registers the named rules

        registry.demo.add("organisations", order=10, load=demo.load)
        registry.workspace.add(
            "organisations.scope",
            order=5,
            template="organisations/_workspace_card.html",
            context=queries.workspace_card,
        )
        registry.staff_nav.add("Units and people", "organisations:units", order=90)
        registry.personal_data.add(
            "organisations", export=queries.export_personal_data, erase=queries.erase_personal_data
        )
