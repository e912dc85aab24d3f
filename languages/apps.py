from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "languages"
    label = "languages"
    verbose_name = "Languages of the public site"
