from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "workspace"
    label = "workspace"
    verbose_name = "Staff workspace"

    def ready(self) -> None:
        from core import registry
        from workspace import outbox, permissions, views  # noqa: F401 - permissions registers the named rules

        registry.workspace.add(
            "workspace.notifications",
            order=1,
            template="workspace/_notifications_card.html",
            context=views.notifications_card,
        )
        registry.workspace.add(
            "workspace.delivery", order=2, template="workspace/_delivery_card.html", context=outbox.delivery_card
        )
        registry.staff_nav.add("Notifications", "workspace:notifications", order=95)
