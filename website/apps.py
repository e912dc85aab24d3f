from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    label = "website"
    verbose_name = "Public site"

    def ready(self) -> None:
        from website import checks  # noqa: F401  (registers the deployment checks)
