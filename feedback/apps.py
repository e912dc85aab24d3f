from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    label = "feedback"
    verbose_name = "We asked, you said, we did"

    def ready(self) -> None:
        from core import registry
        from feedback import newsletter, permissions, queries, registrations, translations

        registry.ward_page.add("feedback", order=20, template="feedback/_section.html", context=queries.ward_section)
        registry.borough_page.add(
            "feedback", order=20, template="feedback/_section.html", context=queries.borough_section
        )
        registry.ward_feed.add("feedback", queries.ward_feed)
        registry.borough_feed.add("feedback", queries.borough_feed)
        registry.workspace.add(
            "feedback", order=25, template="feedback/_workspace_card.html", context=registrations.card
        )
        registry.staff_nav.add("Feedback owed", "feedback:staff_list", order=35, visible=permissions.publishes_feedback)
        registry.personal_data.add(
            "feedback",
            export=registrations.export_personal,
            erase=registrations.erase_personal,
            find=registrations.find_personal,
            forget=registrations.forget_personal,
        )
        registrations.register_records()
        newsletter.register()
        translations.register()
