from django.apps import AppConfig
from django.utils.translation import gettext, gettext_noop


class EqualityConfig(AppConfig):
    name = "equality"
    label = "equality"
    verbose_name = "Equality monitoring"

    def ready(self) -> None:
        from core import registry

        registry.personal_records.add(
            "equality.answers",
            order=65,
            record=gettext_noop(
                "Equality monitoring answers (age, sex, gender identity, ethnic group, religion, sexual "
                "orientation, disability), if you choose to give them"
            ),
            basis=gettext_noop(
                "Your explicit consent (UK GDPR Article 9(2)(a)), for equality of opportunity monitoring "
                "(Data Protection Act 2018, Schedule 1, paragraph 8). Kept apart from your name and contact details "
                "and only ever reported as totals"
            ),
            kept=lambda: gettext(
                "As long as the membership, request or response they belong to, and deleted with it; you can "
                "withdraw them at any time"
            ),
        )
