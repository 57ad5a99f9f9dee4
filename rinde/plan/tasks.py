from django.tasks import task

from rinde.core.public_cache import bump_site_version
from rinde.plan import figures
from rinde.plan.models import Plan


@task
def rebuild_plan_figures(plan_id: int) -> int:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return 0
    written = figures.rebuild(plan)
    bump_site_version()  # cached public pages show the new figures
    return written
