from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "rinde.plan"
    verbose_name = "Plan de desarrollo"

    def ready(self) -> None:
        from rinde.accounts import todo
        from rinde.plan import todo as plan_todo

        # The staff to-do list (accounts.todo): this app's pending work.
        todo.register("plan", plan_todo.pending_for)
