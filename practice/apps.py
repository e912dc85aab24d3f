from django.apps import AppConfig
from django.utils.translation import gettext, gettext_noop


class PracticeConfig(AppConfig):
    name = "practice"
    label = "practice"
    verbose_name = "Planning from knowledge: ward plans, good practice, guides"

    def ready(self) -> None:
        from core import registry
        from practice import permissions, personal, queries, translations

        registry.staff_nav.add("Ward plans", "practice:plans", order=77, visible=permissions.reads_plans)
        registry.staff_nav.add("Good practice", "practice:library", order=78, visible=permissions.reads_library)
        registry.staff_nav.add("Guides and packs", "practice:packs", order=79, visible=permissions.reads_guides)
        registry.public_nav.add(gettext_noop("Good practice Top 10"), "practice:top_ten", order=85)
        translations.register()
        registry.workspace.add(
            "practice.plans", order=77, template="practice/_workspace_card.html", context=queries.workspace_card
        )
        registry.personal_data.add(
            "practice",
            export=personal.export_personal_data,
            erase=personal.erase_personal_data,
            accounts_only=True,
        )
        registry.personal_records.add(
            "practice.packs",
            order=95,
            record=gettext_noop(
                "Packs and guides given to you and when you acknowledged them; case studies you submitted"
            ),
            basis=gettext_noop("Public task: making sure everyone has the information their role needs"),
            kept=lambda: gettext("While you hold a post, and until you ask us to delete your account"),
        )
