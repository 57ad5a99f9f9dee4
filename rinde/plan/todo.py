"""The plan's work in the staff to-do list (accounts.todo): cuts waiting for planning's
review, cuts returned to their department, and the year's action plan still unpublished."""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.accounts.todo import Pending
from rinde.core import formatting
from rinde.plan import action_plan
from rinde.plan.models import Plan, ProgressReport, ReportState


def pending_for(user, today: date) -> list[Pending]:
    """Two queries for the cuts and, for planning, two for the action plan."""
    items = _cuts(user)
    if permissions.has_role(user, Role.PLANNING):
        items += _action_plan(today)
    return items


def _cuts(user) -> list[Pending]:
    # Planning reviews what departments submit; a department's officer corrects what
    # planning returned (the administrator sees both).
    wanted = Q(pk__in=[])
    if permissions.has_role(user, Role.PLANNING):
        wanted |= Q(state=ReportState.SUBMITTED)
    if permissions.has_role(user, Role.OFFICER):
        returned = Q(state=ReportState.RETURNED)
        allowed = permissions.department_ids_for(user)
        if allowed is not None:
            returned &= Q(department_id__in=allowed)
        wanted |= returned
    reports = (
        ProgressReport.objects.filter(wanted, plan__in=Plan.objects.all())
        .select_related("department")
        .only("pk", "state", "period", "version", "department__name")
        .order_by("period", "department__name")
    )
    items = []
    for report in reports:
        period = formatting.month_year(report.period)  # "febrero de 2023"
        if report.state == ReportState.SUBMITTED:
            what = _("Revisar el corte de %(department)s de %(period)s") % {
                "department": report.department.name,
                "period": period,
            }
            why = _("La dependencia lo envió a Planeación: aprobarlo lo publica.")
        else:
            what = _("Corregir el corte de %(department)s de %(period)s") % {
                "department": report.department.name,
                "period": period,
            }
            why = _("Planeación lo devolvió con comentarios.")
        items.append(
            Pending(
                what=what,
                why=why,
                url=reverse("plan:staff_report", args=[report.pk]),
                menu="plan:staff_reports",
            )
        )
    return items


def _action_plan(today: date) -> list[Pending]:
    notice = action_plan.due_notice(Plan.objects.filter(is_current=True).first(), today)
    if notice is None:
        return []
    return [
        Pending(
            what=_("Publicar el Plan de Acción %(year)s") % {"year": notice["year"]},
            why=_(
                "Ley 1474 de 2011, art. 74: cada entidad publica su Plan de Acción del año "
                "a más tardar el 31 de enero."
            ),
            url=notice["url"],
            menu="plan:staff_plans",
            due_on=notice["deadline"],
        )
    ]
