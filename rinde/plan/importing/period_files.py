"""One file with every department's figures for several periods: checked, then written as
each department's draft cut of each period (import_services runs the job around it)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models.functions import Coalesce

from rinde.core import audit
from rinde.entity.models import Department
from rinde.plan import services
from rinde.plan.importing import mapping, periods, problems
from rinde.plan.importing.cuts import kept_finances
from rinde.plan.importing.structure import plan_years
from rinde.plan.models import (
    ImportJob,
    Indicator,
    Plan,
    ProgressReport,
)
from rinde.plan.spreadsheet import CellError


def check_periods(plan: Plan, mapped: mapping.Mapped) -> dict:
    goals = {
        code: periods.Goal(pk, department_id, trend)
        for pk, code, department_id, trend in Indicator.objects.filter(
            project__program__component__line__plan=plan
        )
        .annotate(answering=Coalesce("department_id", "project__department_id"))
        .values_list("pk", "code", "answering", "trend")
    }
    rounding: list[CellError] = []
    cuts, errors = periods.parse_periods(
        mapped.rows,
        years=plan_years(plan),
        goals_by_code=goals,
        first_row=mapped.first_row,
        warnings=rounding,
        decimal_separator=mapped.separator,
    )
    if errors:
        return problems.failed_with(errors)
    names = dict(Department.objects.values_list("pk", "name"))
    latest = {}
    for report in ProgressReport.objects.filter(
        department_id__in={d for d, _p in cuts}, period__in={p for _d, p in cuts}
    ).order_by("version"):
        latest[(report.department_id, report.period)] = report
    preview = []
    for department_id, period in sorted(cuts, key=lambda k: (k[1], names.get(k[0], ""))):
        report = latest.get((department_id, period))
        if report is not None and report.state not in services.EDITABLE:
            errors.append(
                CellError(
                    0,
                    "",
                    f"El corte de {names[department_id]} de {period:%Y-%m} está "
                    f"«{report.get_state_display()}»: no se puede reemplazar desde un archivo "
                    "(si está publicado, corríjalo desde su página).",
                    "locked_cut",
                )
            )
            continue
        preview.append(
            [
                names[department_id],
                period.isoformat(),
                len(cuts[(department_id, period)]),
                report is None,
            ]
        )
    if errors:
        return problems.failed_with(errors)
    summary = {"cuts": preview, "indicators": sum(len(v) for v in cuts.values())}
    return {"errors": [], "warnings": rounding, "summary": summary, "parsed": cuts}


def apply_periods(job: ImportJob, *, actor, request=None) -> None:
    """One cut per department and period: opened as a draft if there is none (still
    reviewed as that department's), its values for the file's goals replaced, its other
    values, budget and narrative kept."""
    departments = Department.objects.in_bulk({d for d, _p, _v in job.checked["cuts"]})
    for department_id, period, values in job.checked["cuts"]:
        report = services.start_report(
            plan=job.plan,
            department=departments[department_id],
            period=date.fromisoformat(period),
            actor=actor,
            request=request,
        )
        if report.state not in services.EDITABLE:
            raise ValidationError(
                f"El corte de {report.department} de {period[:7]} ya no se puede editar."
            )
        merged = dict(report.indicator_values.values_list("indicator_id", "value"))
        merged.update({int(k): Decimal(v) for k, v in values.items()})
        services.save_report(
            report, actor=actor, values=merged, finances=kept_finances(report), request=request
        )
        audit.record(
            actor=actor,
            action="plan.report.import",
            target=report,
            changes={"file": job.filename, "indicators": len(values)},
            request=request,
        )
