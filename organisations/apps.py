from django.apps import AppConfig
from django.utils.translation import gettext, gettext_noop


class OrganisationsConfig(AppConfig):
    name = "organisations"
    label = "organisations"
    verbose_name = "Organisations and people"

    def ready(self) -> None:
        from core import registry
        from organisations import permissions, queries, translations  # noqa: F401 - registers the named rules

        translations.register()

        registry.workspace.add(
            "organisations.scope",
            order=5,
            template="organisations/_workspace_card.html",
            context=queries.workspace_card,
        )
        registry.staff_nav.add("Units and people", "organisations:units", order=90)
        registry.staff_nav.add(
            "Senior officers", "organisations:senior_officers", order=91, visible=permissions.publishes_senior_officers
        )
        registry.personal_data.add(
            "organisations",
            export=queries.export_personal_data,
            erase=queries.erase_personal_data,
            accounts_only=True,
        )
        registry.personal_records.add(
            "organisations.posts",
            order=80,
            record=gettext_noop(
                "For staff and partners: your posts (role, unit, area, job title) and, if you agree, your name "
                "and a short biography on the public pages of the places you serve"
            ),
            basis=gettext_noop(
                "Public task: showing residents who their local officers are, and deciding what each person "
                "may see and do"
            ),
            kept=lambda: gettext(
                "While you hold the post; your public listing ends with it, and the posts go when your "
                "account is deleted"
            ),
        )
        registry.ward_team.add("organisations", queries.neighbourhood_team_contact)
