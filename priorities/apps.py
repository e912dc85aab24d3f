from django.apps import AppConfig
from django.utils.translation import gettext_noop


class PrioritiesConfig(AppConfig):
    name = "priorities"
    label = "priorities"
    verbose_name = "Issues and ward priorities"

    def ready(self) -> None:
        from core import registry
        from priorities import newsletter, permissions, queries, registrations, translations

        newsletter.register()

        registry.ward_page.add(
            "priorities", order=10, template="priorities/_ward_section.html", context=queries.ward_section
        )
        registry.borough_page.add(
            "priorities", order=10, template="priorities/_area_section.html", context=queries.borough_section
        )
        registry.london_page.add(
            "priorities", order=10, template="priorities/_area_section.html", context=queries.london_section
        )
        registry.ward_feed.add("priorities", queries.ward_feed)
        registry.borough_feed.add("priorities", queries.borough_feed)
        registry.workspace.add(
            "priorities", order=20, template="priorities/_workspace_card.html", context=registrations.card
        )
        registry.public_nav.add(gettext_noop("Tell us about a problem"), "priorities:raise", order=30)
        registry.staff_nav.add(
            "Issues and priorities", "priorities:my_wards", order=30, visible=permissions.manages_priorities
        )
        registry.personal_data.add(
            "priorities",
            export=registrations.export_personal,
            erase=registrations.erase_personal,
            find=registrations.find_personal,
            forget=registrations.forget_personal,
        )
        registrations.register_records()
        translations.register()
