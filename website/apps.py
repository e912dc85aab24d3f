from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    label = "website"
    verbose_name = "Public site"

    def ready(self) -> None:
        from core import pagecache
        from website import checks, tasks  # noqa: F401 - importing checks registers the deployment checks

        # Each change's ward and borough pages are made again in the background (website.prerender).
        pagecache.after_change(tasks.after_change)
