from django.apps import AppConfig
from django.utils.translation import gettext, gettext_noop


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts import checks, services  # noqa: F401 - checks registers the deploy check
        from core import registry

        registry.personal_data.add(
            "account", export=services.export_account, erase=services.erase_account, accounts_only=True
        )
        registry.personal_records.add(
            "accounts.account",
            order=10,
            record=gettext_noop(
                "Your account: email address, name, password (stored only as a hash) and sign-in factors"
            ),
            basis=gettext_noop(
                "Public task: giving you a way to take part and to see and manage what we hold about you"
            ),
            kept=lambda: gettext("Until you delete your account (from “Your account”)"),
        )
