from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "rinde.consultations"
    verbose_name = "Consultas: encuesta de temas"
