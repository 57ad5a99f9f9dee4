from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "rinde.subscriptions"
    verbose_name = "Suscripciones por correo"
