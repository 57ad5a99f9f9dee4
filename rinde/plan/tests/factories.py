from decimal import Decimal

from rinde.entity.models import Entity
from rinde.entity.tests.factories import make_entity
from rinde.plan.models import Component, Indicator, Plan, Program, Project, StrategicLine, Trend


def an_entity() -> Entity:
    """The installation's entity, made if the test has none yet: a plan belongs to one."""
    return Entity.objects.order_by("pk").first() or make_entity()


def make_plan(**fields) -> Plan:
    defaults = {"name": "Plan de prueba", "start_year": 2020, "end_year": 2023}
    return Plan.objects.create(**{"entity": an_entity(), **defaults, **fields})


def make_plan_tree(
    department, *, code="1", trend=Trend.INCREASE, target=100, baseline=0
) -> Indicator:
    """One line > component > programme > project (owned by `department`) > indicator."""
    entity = department.entity
    plan = Plan.objects.across_entities().filter(entity=entity, is_current=True).first()
    plan = plan or make_plan(is_current=True, entity=entity)
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
