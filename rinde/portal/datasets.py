"""The open-data catalogue: every public table as CSV, XLSX and JSON, with its metadata and
column dictionary. Each capability registers its datasets here; none carries personal data."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LICENCE = "Creative Commons Atribución 4.0 (CC BY 4.0)"


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    frequency: str
    columns: list[tuple[str, str]]  # (column, what it holds)
    rows: Callable[[], Iterable[tuple]]  # streamed, in column order


def plan_structure_rows():
    from rinde.plan.models import Indicator

    return (
        Indicator.objects.filter(project__program__component__line__plan__is_current=True)
        .order_by("code")
        .values_list(
            "project__program__component__line__code",
            "project__program__component__line__name",
            "project__program__component__code",
            "project__program__component__name",
            "project__program__code",
            "project__program__name",
            "project__code",
            "project__name",
            "project__bpin",
            "project__department__name",
            "code",
            "mga_code",
            "name",
            "unit",
            "trend",
            "baseline",
            "target",
            "weight",
        )
        .iterator(chunk_size=2000)
    )


def plan_cuts_rows():
    from rinde.plan.models import IndicatorValue, ReportState

    return (
        IndicatorValue.objects.filter(report__state=ReportState.APPROVED)
        .order_by("report__period", "indicator__code")
        .values_list(
            "report__period",
            "report__department__name",
            "indicator__project__code",
            "indicator__code",
            "indicator__name",
            "indicator__unit",
            "indicator__trend",
            "indicator__baseline",
            "indicator__target",
            "value",
            "report__version",
        )
        .iterator(chunk_size=2000)
    )


def plan_budget_rows():
    from rinde.plan.models import ProjectProgress, ReportState

    return (
        ProjectProgress.objects.filter(report__state=ReportState.APPROVED)
        .order_by("report__period", "project__code")
        .values_list(
            "report__period",
            "report__department__name",
            "project__code",
            "project__name",
            "project__bpin",
            "appropriation",
            "commitments",
            "obligations",
            "payments",
        )
        .iterator(chunk_size=2000)
    )


def questions_rows():
    from rinde.questions.models import Question

    # Never the asker's name or contact: only what the public Q&A already shows.
    return (
        Question.objects.public()
        .order_by("received_at")
        .values_list(
            "tracking_code",
            "exercise__year",
            "channel",
            "topic",
            "department__name",
            "kind",
            "status",
            "received_on",
            "due_on",
            "current_due_on",
            "answered_on",
            "term_source",
        )
        .iterator(chunk_size=2000)
    )


DATASETS: list[Dataset] = [
    Dataset(
        "plan-estructura",
        _("Estructura del plan de desarrollo vigente"),
        _(
            "Líneas estratégicas, componentes, programas, proyectos e indicadores de producto del plan vigente, con sus metas."
        ),
        _("Cuando cambia el plan"),
        [
            ("codigo_linea", _("Código de la línea estratégica")),
            ("linea", _("Línea estratégica")),
            ("codigo_componente", _("Código del componente o sector")),
            ("componente", _("Componente o sector")),
            ("codigo_programa", _("Código del programa")),
            ("programa", _("Programa")),
            ("codigo_proyecto", _("Código del proyecto")),
            ("proyecto", _("Proyecto")),
            ("bpin", _("Código BPIN (si lo tiene)")),
            ("dependencia", _("Dependencia responsable")),
            ("codigo_indicador", _("Código del indicador de producto")),
            ("codigo_mga", _("Código MGA (si lo tiene)")),
            ("indicador", _("Indicador de producto")),
            ("unidad", _("Unidad de medida")),
            ("tendencia", _("increase, maintain o reduce")),
            ("linea_base", _("Línea base")),
            ("meta_cuatrienio", _("Meta del cuatrienio")),
            ("peso", _("Peso del indicador dentro de su proyecto")),
        ],
        plan_structure_rows,
    ),
    Dataset(
        "plan-avance-indicadores",
        _("Avance mensual de los indicadores del plan de desarrollo"),
        _(
            "Valor logrado cada mes por cada indicador de producto, según los cortes aprobados por Planeación."
        ),
        _("Mensual"),
        [
            ("mes", _("Primer día del mes del corte (AAAA-MM-DD)")),
            ("dependencia", _("Dependencia responsable")),
            ("codigo_proyecto", _("Código del proyecto")),
            ("codigo_indicador", _("Código del indicador de producto")),
            ("indicador", _("Nombre del indicador")),
            ("unidad", _("Unidad de medida")),
            ("tendencia", _("increase, maintain o reduce")),
            ("linea_base", _("Línea base")),
            ("meta_cuatrienio", _("Meta del cuatrienio")),
            ("valor_mes", _("Valor logrado en el mes")),
            ("version_corte", _("Versión del corte (las correcciones son versiones nuevas)")),
        ],
        plan_cuts_rows,
    ),
    Dataset(
        "plan-ejecucion-presupuestal",
        _("Ejecución presupuestal de los proyectos del plan"),
        _(
            "Apropiación, compromisos, obligaciones y pagos de cada proyecto en cada corte aprobado, en pesos colombianos."
        ),
        _("Mensual"),
        [
            ("mes", _("Primer día del mes del corte")),
            ("dependencia", _("Dependencia responsable")),
            ("codigo_proyecto", _("Código del proyecto")),
            ("proyecto", _("Nombre del proyecto")),
            ("bpin", _("Código BPIN")),
            ("apropiacion", _("Apropiación (COP)")),
            ("compromisos", _("Compromisos (COP)")),
            ("obligaciones", _("Obligaciones (COP)")),
            ("pagos", _("Pagos (COP)")),
        ],
        plan_budget_rows,
    ),
    Dataset(
        "preguntas-ciudadanas",
        _("Preguntas ciudadanas y sus plazos"),
        _(
            "Cada pregunta pública de la rendición de cuentas, con su estado y sus fechas legales; sin datos personales."
        ),
        _("Diaria"),
        [
            ("codigo", _("Código de seguimiento")),
            ("ejercicio", _("Año del ejercicio")),
            ("canal", _("Canal de recepción")),
            ("tema", _("Tema")),
            ("dependencia", _("Dependencia que responde")),
            ("tipo", _("Tipo de petición")),
            ("estado", _("Estado")),
            ("recibida", _("Fecha legal de recibo")),
            ("vence", _("Vencimiento inicial")),
            ("vence_con_prorroga", _("Vencimiento vigente")),
            ("respondida", _("Fecha de respuesta")),
            ("fundamento", _("Fundamento legal del término")),
        ],
        questions_rows,
    ),
]


def get(slug: str) -> Dataset | None:
    return next((d for d in DATASETS if d.slug == slug), None)
