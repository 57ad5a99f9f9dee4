from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rinde.accounts"
    verbose_name = "Cuentas y roles"

    def ready(self):
        # Connects the receivers that write failed logins and lockouts to the audit log, and
        # the one that gives the first entity the staff made before it (signals.py).
        # Imported here, not at the top: these modules load models, which the app
        # registry allows only once every app is ready.
        from rinde.accounts import security_events, signals  # noqa: F401, PLC0415
