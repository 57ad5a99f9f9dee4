from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "rinde.plan"
    verbose_name = "Plan de desarrollo"

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which the app
        # registry allows only once every app is ready.
        from rinde.accounts import todo  # noqa: PLC0415
        from rinde.plan import todo as plan_todo  # noqa: PLC0415

        # The staff to-do list (accounts.todo): this app's pending work.
        todo.register("plan", plan_todo.pending_for)
