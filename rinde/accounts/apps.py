from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rinde.accounts"
    verbose_name = "Cuentas y roles"

    def ready(self):
        # Connects the receivers that write failed logins and lockouts to the audit log.
        # Imported here, not at the top: these modules load models, which the app
        # registry allows only once every app is ready.
        from rinde.accounts import security_events  # noqa: F401, PLC0415
