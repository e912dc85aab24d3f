from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "equality"
    label = "equality"
    verbose_name = "Equality monitoring"
