from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "places"
    label = "places"
    verbose_name = "Places"

    def ready(self) -> None:
        from places import reference  # noqa: F401 - connects the signals that drop the places held in memory
