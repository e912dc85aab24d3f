from django.apps import AppConfig
from django.utils.translation import gettext, gettext_noop


class ConsultationsConfig(AppConfig):
    name = "consultations"
    label = "consultations"
    verbose_name = "Consultations and surveys"

    def ready(self) -> None:
        from core import registry, retention
        from equality import contexts

        from . import alert_audience, queries, services, signals, translations  # noqa: F401  (signal receivers)

        registry.ward_page.add(
            "consultations", order=50, template="consultations/_area_section.html", context=queries.ward_section
        )
        registry.borough_page.add(
            "consultations", order=50, template="consultations/_area_section.html", context=queries.borough_section
        )
        registry.london_page.add(
            "consultations", order=50, template="consultations/_area_section.html", context=queries.london_section
        )
        registry.public_nav.add(gettext_noop("Consultations"), "consultations:list", order=50)
        registry.staff_nav.add("Consultations", "consultations:staff_list", order=50)
        registry.workspace.add(
            "consultations", order=50, template="consultations/_workspace_card.html", context=queries.workspace_card
        )
        registry.personal_data.add("consultations", export=queries.personal_data, erase=services.erase_personal_data)
        contexts.register("consultation", queries.equality_area)
        registry.personal_records.add(
            "consultations.responses",
            order=30,
            record=gettext_noop(
                "Your answers to consultations and surveys, with your name and email address where the "
                "consultation asks for them"
            ),
            basis=gettext_noop("Public task: consulting people before decisions about policing in their area"),
            kept=lambda: (
                gettext(
                    "Answers are kept for the consultation’s analysis and report; your name and email address are "
                    "removed %(period)s after it closes"
                )
                % {"period": retention.in_words("CONSULTATION_CONTACT_RETENTION_DAYS")}
            ),
            expire=services.expire_contacts,
        )
        registry.engagement.add("consultations", queries.engagement_reached)
        registry.alert_audiences.add(alert_audience.AUDIENCE)
        translations.register()
