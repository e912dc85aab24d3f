from django.apps import AppConfig
from django.utils.translation import gettext_noop


class AlertsConfig(AppConfig):
    name = "alerts"
    label = "alerts"
    verbose_name = "Alerts"

    def ready(self) -> None:
        from core import registry
        from notifications import sms

        from . import permissions, registrations, services, translations

        registry.ward_page.add(
            "alerts", order=60, template="alerts/_ward_section.html", context=registrations.ward_section
        )
        registry.public_nav.add(gettext_noop("Get alerts"), "alerts:subscribe", order=60)
        registry.public_nav.add(gettext_noop("Ask a question"), "alerts:contact", order=61)
        registry.staff_nav.add("Alerts", "alerts:message_list", order=60, visible=permissions.sends_alerts)
        registry.workspace.add(
            "alerts", order=60, template="alerts/_workspace_card.html", context=registrations.workspace_card
        )
        registry.personal_data.add(
            "alerts",
            export=registrations.export_person,
            erase=registrations.erase_person,
            find=registrations.find_person,
            forget=registrations.forget_person,
        )
        registrations.register_records()
        translations.register()
        registry.engagement.add("alerts", registrations.engagement_reached)
        sms.refusals.add("alerts.stop", services.is_stopped)
