from django.apps import AppConfig


class HoldersConfig(AppConfig):
    name = "rinde.holders"
    verbose_name = "Datos personales (derechos del titular)"

    def ready(self) -> None:
        from rinde.accounts import todo
        from rinde.holders import todo as holders_todo

        # The staff to-do list (accounts.todo): open requests with their legal due dates.
        todo.register("holders", holders_todo.pending_for)
