from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts import checks, services  # noqa: F401 - checks registers the deploy check
        from core import registry

        registry.personal_data.add("account", export=services.export_account, erase=services.erase_account)
