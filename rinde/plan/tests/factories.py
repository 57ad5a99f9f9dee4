from decimal import Decimal

from rinde.plan.models import Component, Indicator, Plan, Program, Project, StrategicLine, Trend


def make_plan_tree(
    department, *, code="1", trend=Trend.INCREASE, target=100, baseline=0
) -> Indicator:
    """One line > component > programme > project (owned by `department`) > indicator."""
    plan = Plan.objects.filter(is_current=True).first() or Plan.objects.create(
        name="Plan de prueba", start_year=2020, end_year=2023, is_current=True
    )
    line, _ = StrategicLine.objects.get_or_create(
        plan=plan, code=code, defaults={"name": f"Línea {code}"}
    )
    component = Component.objects.create(line=line, code=f"{code}.1", name="Componente")
    program = Program.objects.create(component=component, code=f"{code}.1.1", name="Programa")
    project = Project.objects.create(
        program=program,
        code=f"{code}.1.1.{department.pk}",
        name=f"Proyecto de {department.name}",
        department=department,
    )
    return Indicator.objects.create(
        project=project,
        code=f"{project.code}.1",
        name="Obras terminadas",
        unit="obras",
        trend=trend,
        target=Decimal(target),
        baseline=Decimal(baseline),
    )
