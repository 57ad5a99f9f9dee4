"""A correction side by side with the published cut it replaces: what planning reads before
approving it (issue 20, item 7). Read-only; the correction itself is services.correct_report."""

from dataclasses import dataclass
from decimal import Decimal

from rinde.plan.models import Indicator, ProgressReport, Project, ReportState
from rinde.plan.money_rules import MONEY_FIELDS, column_title


@dataclass(frozen=True)
class Change:
    before: Decimal | None
    after: Decimal | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    value: Change


@dataclass(frozen=True)
class ProjectRow:
    project: Project
    # (column title, Change) in the budget chain's order
    money: list[tuple[str, Change]]

    @property
    def changed(self) -> bool:
        return any(change.changed for _title, change in self.money)


@dataclass(frozen=True)
class Comparison:
    published: ProgressReport
    indicators: list[IndicatorRow]
    projects: list[ProjectRow]

    @property
    def changed_count(self) -> int:
        return sum(r.value.changed for r in self.indicators) + sum(r.changed for r in self.projects)


def compare_with_published(report: ProgressReport) -> Comparison | None:
    """The correction `report` against the approved version of its department and period,
    every indicator and project that has a figure in either; None when `report` is not a
    pending correction (an approved cut, or the first version of a period). Seven queries,
    whatever the number of rows."""
    if report.state in (ReportState.APPROVED, ReportState.SUPERSEDED):
        return None
    published = (
        ProgressReport.objects.published()
        .filter(department=report.department_id, period=report.period)
        .exclude(pk=report.pk)
        .first()
    )
    if published is None:
        return None
    values = {}
    for version, key in ((published, 0), (report, 1)):
        for v in version.indicator_values.all():
            values.setdefault(v.indicator_id, [None, None])[key] = v.value
    money = {}
    for version, key in ((published, 0), (report, 1)):
        for p in version.project_progress.values("project_id", *MONEY_FIELDS):
            money.setdefault(p["project_id"], [None, None])[key] = p
    indicators = Indicator.objects.filter(pk__in=values).order_by("code")
    projects = Project.objects.filter(pk__in=money).order_by("code")
    return Comparison(
        published=published,
        indicators=[IndicatorRow(i, Change(*values[i.pk])) for i in indicators],
        projects=[
            ProjectRow(
                p,
                [
                    (column_title(field), Change(*(_get(m, field) for m in money[p.pk])))
                    for field in MONEY_FIELDS
                ],
            )
            for p in projects
        ],
    )


def _get(progress: dict | None, field: str) -> Decimal | None:
    return None if progress is None else progress[field]
