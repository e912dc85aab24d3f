from django.apps import AppConfig
from django.utils.translation import gettext, gettext_noop


class GroupsConfig(AppConfig):
    name = "groups"
    label = "groups"
    verbose_name = "Engagement groups"

    def ready(self) -> None:
        from core import registry, retention
        from equality import contexts
        from groups import alert_audience, queries, services, signals, translations  # noqa: F401  (signal receivers)

        registry.ward_page.add("groups", order=40, template="groups/_ward_section.html", context=queries.ward_section)
        registry.borough_page.add(
            "groups", order=40, template="groups/_borough_section.html", context=queries.borough_section
        )
        registry.personal_data.add(
            "groups",
            export=queries.export_personal_data,
            erase=services.erase_personal_data,
            find=queries.find_personal_data,
            forget=services.forget_personal_data,
        )
        registry.workspace.add(
            "groups", order=30, template="groups/_workspace_card.html", context=queries.workspace_card
        )
        contexts.register("group", queries.equality_area)
        registry.staff_nav.add("Groups", "groups:list", order=30)
        registry.alert_audiences.add(alert_audience.AUDIENCE)
        translations.register()
        registry.public_nav.add(gettext_noop("Community groups"), "groups:public_list", order=40)
        registry.personal_records.add(
            "groups.members",
            order=60,
            record=gettext_noop(
                "Group and panel membership, and requests to join: name, contact details, role, term, "
                "briefings received, meetings attended"
            ),
            basis=gettext_noop(
                "Consent, or the basis recorded with the membership (public task for members appointed by "
                "their organisation)"
            ),
            kept=lambda: (
                gettext(
                    "Membership: %(membership)s after your term ends. A request to join: %(request)s after you asked "
                    "(if accepted, it becomes your membership)"
                )
                % {
                    "membership": retention.in_words("MEMBER_RETENTION_DAYS"),
                    "request": retention.in_words("JOIN_REQUEST_RETENTION_DAYS"),
                }
            ),
            expire=services.expire_records,
        )
