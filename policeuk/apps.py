from django.apps import AppConfig


class PoliceUkConfig(AppConfig):
    name = "policeuk"
    label = "policeuk"
    verbose_name = "police.uk-compatible open data"
