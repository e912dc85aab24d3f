from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "places"
    label = "places"
    verbose_name = "Places"
