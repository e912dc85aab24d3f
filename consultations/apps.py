from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    label = "consultations"
    verbose_name = "Consultations and surveys"
