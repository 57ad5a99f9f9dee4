from django.apps import AppConfig


class HoldersConfig(AppConfig):
    name = "rinde.holders"
    verbose_name = "Datos personales (derechos del titular)"

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which the app
        # registry allows only once every app is ready.
        from rinde.accounts import todo  # noqa: PLC0415
        from rinde.holders import todo as holders_todo  # noqa: PLC0415

        # The staff to-do list (accounts.todo): open requests with their legal due dates.
        todo.register("holders", holders_todo.pending_for)
