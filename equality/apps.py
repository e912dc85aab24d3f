from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "equality"
    label = "equality"
    verbose_name = "Equality monitoring"

    def ready(self) -> None:
        from core import registry

        registry.personal_records.add(
            "equality.answers",
            order=65,
            record="Equality monitoring answers (age, sex, gender identity, ethnic group, religion, sexual "
            "orientation, disability), if you choose to give them",
            basis="Your explicit consent (UK GDPR Article 9(2)(a)), for equality of opportunity monitoring "
            "(Data Protection Act 2018, Schedule 1, paragraph 8). Kept apart from your name and contact details "
            "and only ever reported as totals",
            kept=lambda: (
                "As long as the membership, request or response they belong to, and deleted with it; you can "
                "withdraw them at any time"
            ),
        )
