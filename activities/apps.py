from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    label = "activities"
    verbose_name = "Engagement register"
