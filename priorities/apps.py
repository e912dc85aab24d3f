from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    label = "priorities"
    verbose_name = "Issues and ward priorities"
