from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rinde.accounts"
    verbose_name = "Cuentas y roles"
