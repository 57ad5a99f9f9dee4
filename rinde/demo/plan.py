"""Demo development plan "Itagüí Ciudad de Oportunidades 2020-2023": a synthetic structure
with monthly approved cuts through December 2023. Every figure is demonstration data and the
dashboard says so. Idempotent: the plan is rebuilt only if it does not exist."""

import io
import random
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from rinde.demo import accounts as demo_accounts
from rinde.demo import plan_targets
from rinde.entity.models import Department
from rinde.plan import figures, services
from rinde.plan.models import (
    Component,
    Evidence,
    Indicator,
    IndicatorValue,
    Plan,
    Program,
    ProgressReport,
    Project,
    ProjectProgress,
    ReportingFrequency,
    ReportState,
    StrategicLine,
    Territory,
    Trend,
    YearTarget,
)

PLAN_NAME = "Itagüí Ciudad de Oportunidades"

# line: [(component, department code, [(project, [(indicator, unit, trend, baseline, target)])])]
STRUCTURE = {
    "Oportunidades para la equidad social": [
        (
            "Educación",
            "educacion",
            [
                (
                    "Jornada única en instituciones educativas oficiales",
                    [
                        ("Estudiantes en jornada única", "estudiantes", Trend.INCREASE, 0, 4000),
                        ("Sedes educativas dotadas", "sedes", Trend.INCREASE, 0, 24),
                    ],
                ),
            ],
        ),
        (
            "Salud",
            "salud",
            [
                (
                    "Atención primaria en salud en los barrios",
                    [
                        (
                            "Hogares visitados por equipos de salud",
                            "hogares",
                            Trend.INCREASE,
                            0,
                            12000,
                        ),
                        (
                            "Cobertura de vacunación en menores de un año",
                            "%",
                            Trend.MAINTAIN,
                            95,
                            95,
                        ),
                    ],
                ),
            ],
        ),
        (
            "Familia e inclusión",
            "familia",
            [
                (
                    "Alimentación para adultos mayores",
                    [
                        (
                            "Adultos mayores con complemento alimentario",
                            "personas",
                            Trend.MAINTAIN,
                            3000,
                            3000,
                        )
                    ],
                ),
            ],
        ),
    ],
    "Oportunidades para la seguridad y la convivencia": [
        (
            "Seguridad",
            "seguridad",
            [
                (
                    "Cámaras de vigilancia conectadas al centro de monitoreo",
                    [
                        ("Cámaras instaladas", "cámaras", Trend.INCREASE, 0, 150),
                        (
                            "Tasa de hurto a personas por 100.000 habitantes",
                            "tasa",
                            Trend.REDUCE,
                            520,
                            420,
                        ),
                    ],
                ),
            ],
        ),
        (
            "Gobierno y convivencia",
            "gobierno",
            [
                (
                    "Casas de justicia y convivencia",
                    [("Casos atendidos en conciliación", "casos", Trend.INCREASE, 0, 6000)],
                ),
            ],
        ),
    ],
    "Oportunidades para la movilidad y el espacio público": [
        (
            "Infraestructura vial",
            "infraestructura",
            [
                (
                    "Mantenimiento de la malla vial",
                    [
                        ("Kilómetros de vía rehabilitados", "km", Trend.INCREASE, 0, 40),
                        ("Andenes construidos", "m²", Trend.INCREASE, 0, 18000),
                    ],
                ),
                (
                    "Parques y espacio público",
                    [("Parques construidos o renovados", "parques", Trend.INCREASE, 0, 12)],
                ),
            ],
        ),
        (
            "Movilidad",
            "movilidad",
            [
                (
                    "Semaforización inteligente",
                    [
                        ("Intersecciones semaforizadas", "intersecciones", Trend.INCREASE, 0, 30),
                        ("Víctimas fatales en siniestros viales", "personas", Trend.REDUCE, 28, 18),
                    ],
                ),
            ],
        ),
    ],
    "Oportunidades para el desarrollo económico": [
        (
            "Emprendimiento",
            "desarrollo-economico",
            [
                (
                    "Fondo de emprendimiento",
                    [("Emprendimientos financiados", "emprendimientos", Trend.INCREASE, 0, 800)],
                ),
            ],
        ),
    ],
    "Oportunidades para un ambiente sano": [
        (
            "Medio ambiente",
            "medio-ambiente",
            [
                (
                    "Recuperación de quebradas",
                    [
                        ("Metros de cauce intervenidos", "m", Trend.INCREASE, 0, 5000),
                        ("Árboles sembrados", "árboles", Trend.INCREASE, 0, 20000),
                    ],
                ),
            ],
        ),
    ],
    "Oportunidades para el buen gobierno y la participación": [
        (
            "Gobierno abierto",
            "tic",
            [
                (
                    "Transformación digital de trámites",
                    [("Trámites en línea", "trámites", Trend.INCREASE, 0, 60)],
                ),
            ],
        ),
        (
            "Participación",
            "participacion",
            [
                (
                    "Presupuesto participativo",
                    [
                        (
                            "Proyectos de presupuesto participativo ejecutados",
                            "proyectos",
                            Trend.INCREASE,
                            0,
                            120,
                        )
                    ],
                ),
            ],
        ),
    ],
}

TERRITORIES = [(f"Comuna {n}", Territory.Kind.COMUNA) for n in range(1, 7)] + [
    ("Corregimiento El Manzanillo", Territory.Kind.CORREGIMIENTO)
]


def load() -> None:
    for name, kind in TERRITORIES:
        Territory.objects.get_or_create(name=name, defaults={"kind": kind})
    if Plan.objects.filter(name=PLAN_NAME).exists():
        return
    rng = random.Random(2023)  # noqa: S311 - demo figures, reproducible  # nosec B311
    plan = Plan.objects.create(
        name=PLAN_NAME,
        start_year=2020,
        end_year=2023,
        slug="2020-2023",
        is_current=True,
        reporting_frequency=ReportingFrequency.MONTHLY,
        is_demo_data=True,
        adopting_act="Acuerdo Municipal del Concejo de Itagüí (demostración)",
    )
    departments = {d.code: d for d in Department.objects.all()}
    indicators: list[Indicator] = []
    projects: list[Project] = []
    for l_index, (line_name, components) in enumerate(STRUCTURE.items(), start=1):
        line = StrategicLine.objects.create(plan=plan, code=str(l_index), name=line_name)
        for c_index, (component_name, department_code, project_list) in enumerate(
            components, start=1
        ):
            component = Component.objects.create(
                line=line, code=f"{l_index}.{c_index}", name=component_name
            )
            program = Program.objects.create(
                component=component,
                code=f"{l_index}.{c_index}.1",
                name=f"Programa de {component_name.lower()}",
                result_indicator=f"Satisfacción ciudadana con {component_name.lower()}",
                result_baseline="60 %",
                result_target="75 %",
            )
            for p_index, (project_name, indicator_list) in enumerate(project_list, start=1):
                project = Project.objects.create(
                    program=program,
                    code=f"{l_index}.{c_index}.1.{p_index}",
                    name=project_name,
                    department=departments[department_code],
                    bpin=f"2020053600{l_index}{c_index}{p_index:02d}",
                )
                projects.append(project)
                for i_index, (name, unit, trend, baseline, target) in enumerate(
                    indicator_list, start=1
                ):
                    indicator = Indicator.objects.create(
                        project=project,
                        code=f"{project.code}.{i_index}",
                        name=name,
                        unit=unit,
                        trend=trend,
                        baseline=Decimal(baseline),
                        target=Decimal(target),
                    )
                    YearTarget.objects.bulk_create(
                        YearTarget(
                            indicator=indicator,
                            year=y,
                            target=Decimal(target) / 4
                            if trend == Trend.INCREASE
                            else Decimal(target),
                        )
                        for y in range(2020, 2024)
                    )
                    indicators.append(indicator)
    plan_targets.program_reduce_paths(plan)
    _monthly_cuts(plan, indicators, projects, rng)
    _evidence(plan)
    figures.rebuild(plan)


# (colour, title, alt text) of drawn placeholder photos: the demo ships no real pictures.
PHOTOS = [
    (
        (46, 125, 50),
        "Siembra de árboles en la quebrada Doña María",
        "Imagen de demostración: rectángulo verde con el texto «Foto de demostración».",
    ),
    (
        (0, 72, 132),
        "Entrega de sedes educativas dotadas",
        "Imagen de demostración: rectángulo azul con el texto «Foto de demostración».",
    ),
]


def _photo(colour) -> ContentFile:
    image = Image.new("RGB", (480, 320), colour)
    ImageDraw.Draw(image).text((20, 20), "Foto de demostración", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="demo.png")


def _evidence(plan) -> None:
    """Two photos (with their alt text) on the December 2023 cut of two projects."""
    december = date(2023, 12, 1)
    officer = demo_accounts.user("planeacion")
    projects = {p.name: p for p in Project.objects.filter(program__component__line__plan=plan)}
    for (colour, title, alt), name in zip(
        PHOTOS,
        ["Recuperación de quebradas", "Jornada única en instituciones educativas oficiales"],
        strict=True,
    ):
        project = projects[name]
        report = ProgressReport.objects.get(
            department=project.department, period=december, state=ReportState.APPROVED
        )
        file = _photo(colour)
        evidence = Evidence.objects.create(
            report=report,
            project=project,
            kind=Evidence.Kind.PHOTO,
            title=title,
            file=file,
            original_name="foto.png",
            alt_text=alt,
            size=file.size,
            uploaded_by=officer,
        )
        services.expose_evidence(evidence)  # the cut is already approved


def _monthly_cuts(plan, indicators, projects, rng) -> None:
    officer = demo_accounts.user("planeacion")
    territories = list(Territory.objects.all())
    by_department: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_department.setdefault(indicator.project.department_id, []).append(indicator)
    # Each department has its own pace, so the traffic lights differ.
    pace = {
        dep: Decimal(rng.choice(["0.55", "0.7", "0.85", "0.95", "1.05"])) for dep in by_department
    }
    periods = [date(y, m, 1) for y in range(2020, 2024) for m in range(1, 13)]
    now = timezone.now()
    reports = [
        ProgressReport(
            plan=plan,
            department_id=dep,
            period=p,
            state=ReportState.APPROVED,
            created_by=officer,
            reviewed_by=officer,
            approved_at=now,
        )
        for dep in by_department
        for p in periods
    ]
    ProgressReport.objects.bulk_create(reports)
    reports = {(r.department_id, r.period): r for r in ProgressReport.objects.filter(plan=plan)}
    values = []
    for dep, dep_indicators in by_department.items():
        for indicator in dep_indicators:
            for month_index, period in enumerate(periods):
                if indicator.trend == Trend.INCREASE:
                    value = (indicator.target * pace[dep] / len(periods)) * Decimal(
                        rng.uniform(0.6, 1.4)
                    )
                elif indicator.trend == Trend.MAINTAIN:
                    value = (
                        indicator.target
                        * min(pace[dep], Decimal(1))
                        * Decimal(rng.uniform(0.95, 1.02))
                    )
                else:
                    share = pace[dep] * (month_index + 1) / len(periods)
                    value = indicator.baseline - (
                        indicator.baseline - indicator.target
                    ) * share * Decimal(rng.uniform(0.9, 1.1))
                values.append(
                    IndicatorValue(
                        entity_id=plan.entity_id,  # not the key's default: a cache read a row
                        report=reports[(dep, period)],
                        indicator=indicator,
                        value=value.quantize(Decimal("0.01")),
                    )
                )
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    progress_rows = []
    for project in projects:
        appropriation = Decimal(rng.randrange(800, 9000)) * 1_000_000
        for month_index, period in enumerate(periods):
            share = Decimal(
                min(1.0, (month_index % 12 + 1) / 12 * float(pace[project.department_id]))
            )
            commitments = (appropriation * share).quantize(Decimal(1))
            payments = (commitments * Decimal("0.7")).quantize(Decimal(1))
            progress_rows.append(
                ProjectProgress(
                    report=reports[(project.department_id, period)],
                    project=project,
                    appropriation=appropriation,
                    commitments=commitments,
                    obligations=payments,
                    payments=payments,
                    achievements=f"Avance del mes en «{project.name}» según el cronograma (dato de demostración).",
                    difficulties=""
                    if month_index % 5
                    else "Retrasos en la contratación por trámites de licencias.",
                )
            )
    ProjectProgress.objects.bulk_create(progress_rows, batch_size=2000)
    through = ProjectProgress.territories.through
    through.objects.bulk_create(
        [
            through(projectprogress_id=row.pk, territory_id=territories[i % len(territories)].pk)
            for i, row in enumerate(ProjectProgress.objects.filter(report__plan=plan).only("pk"))
        ],
        batch_size=2000,
    )
