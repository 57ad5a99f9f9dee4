"""The open-data catalogue: every public table as CSV, XLSX and JSON, with its metadata and
column dictionary. Each capability registers its datasets here; none carries personal data.

A dataset is a list of columns and a function yielding rows in column order. Coded columns
(a status, a channel) name their choices: the files carry the Spanish label, never the code
("Respondida por escrito", not "answered"), and the dictionary lists the labels as the
column's allowed values. Free text written by citizens goes out only in its masked version
(privacy.mask_personal_data), and texts written by staff are masked too: an answer may
quote a telephone number. `modified` is the latest change of the rows in the table (their
own timestamps and the audit trail of the staff edits that have none), never "now".
"""

import html
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from rinde.consultations.models import AgeRange, ParticipantKind, PopulationGroup, Survey
from rinde.consultations.services import results
from rinde.core.models import AuditEntry
from rinde.core.privacy import mask_personal_data, suppressed_count
from rinde.entity.models import Entity
from rinde.entity.scoped import several_entities
from rinde.evaluation.models import EvaluationReport
from rinde.exercises.models import Document, Event, Exercise
from rinde.improvements.models import ImprovementAction
from rinde.outreach.bulletin_views import published
from rinde.plan.models import (
    ImportJob,
    Indicator,
    IndicatorValue,
    Plan,
    ProgressReport,
    ProjectProgress,
    ReportState,
)
from rinde.questions.models import Answer, AnswerState, Question

LICENCE = "Creative Commons Atribución 4.0 (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# The public survey results show population groups this small as "<5" (consultations).
SMALL_GROUP = 5


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    # For a coded column, its choices (or the dotted path of its TextChoices, read when a
    # file is written: this module loads before the apps): the files hold the label, the
    # dictionary lists the labels as the allowed values.
    choices: tuple | str = ()

    def labels(self) -> dict[str, str]:
        choices = self.choices
        if isinstance(choices, str):
            choices = import_string(choices).choices
        return {code: str(label) for code, label in choices}

    def allowed_values(self) -> list[str]:
        return list(self.labels().values())


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    frequency: str
    columns: list[Column]
    rows: Callable[[], Iterable[tuple]]  # streamed, in column order, coded values raw
    modified: Callable[[], datetime | None]
    # The period the rows cover, (first day, last day), for DCAT's temporal coverage.
    temporal: Callable[[], tuple[date | None, date | None]]
    keywords: tuple = field(default=())

    def export_rows(self) -> Iterator[tuple]:
        """The rows as published: every coded value replaced by its Spanish label."""
        labels = {i: column.labels() for i, column in enumerate(self.columns) if column.choices}
        for row in self.rows():
            if labels:
                row = tuple(
                    labels[i].get(value, value) if i in labels else value
                    for i, value in enumerate(row)
                )
            yield row

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]


def latest(*moments) -> datetime | None:
    """The latest of datetimes and dates (a date counts as its end of day), None if none."""
    tz = timezone.get_current_timezone()
    values = []
    for moment in moments:
        if moment is None:
            continue
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time.max, tz)
        values.append(moment)
    return max(values, default=None)


def _audited(*models: str) -> datetime | None:
    """The latest audit entry on these models ("app_label.model"): the staff edits that
    leave no timestamp on the row itself."""
    condition = Q()
    for name in models:
        app_label, model = name.split(".")
        condition |= Q(target_type__app_label=app_label, target_type__model=model)
    entries = AuditEntry.objects.filter(condition)
    if several_entities(Entity):  # the entity's own edits (docs/tenancy.md, "The audit log")
        entries = entries.filter(entity_id=Entity.objects.current().pk)
    return entries.aggregate(at=Max("created_at"))["at"]


def _span(queryset, start: str, end: str | None = None) -> tuple[date | None, date | None]:
    values = queryset.aggregate(first=Min(start), last=Max(end or start))
    first, last = values["first"], values["last"]
    as_date = lambda v: timezone.localdate(v) if isinstance(v, datetime) else v  # noqa: E731
    return (as_date(first) if first else None, as_date(last) if last else None)


def _public_text(value: str) -> str:
    """A staff or citizen text as the files carry it: plain text, personal data hidden."""
    return mask_personal_data(html.unescape(strip_tags(value or ""))).strip()


# Plan ------------------------------------------------------------------------------------


def _current_indicators():
    return Indicator.objects.filter(plan__in=Plan.objects.filter(is_current=True))


def plan_structure_rows():
    return (
        _current_indicators()
        .order_by("code")
        .values_list(
            "plan__slug",
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


def plan_structure_modified():
    imported = ImportJob.objects.filter(
        kind=ImportJob.Kind.STRUCTURE,
        status=ImportJob.Status.DONE,
        plan__in=Plan.objects.filter(is_current=True),
    ).aggregate(at=Max("finished_at"))["at"]
    return latest(
        imported,
        _audited(
            "plan.plan",
            "plan.strategicline",
            "plan.component",
            "plan.program",
            "plan.project",
            "plan.indicator",
        ),
    )


def plan_structure_temporal():
    plan = Plan.objects.filter(is_current=True).only("start_year", "end_year").first()
    if plan is None:
        return (None, None)
    return (date(plan.start_year, 1, 1), date(plan.end_year, 12, 31))


def _approved(model):
    # Through the scoped Plan: a project's cut figures carry no entity key of their own.
    return model.objects.filter(
        report__state=ReportState.APPROVED, report__plan__in=Plan.objects.all()
    )


def plan_cuts_rows():
    return (
        _approved(IndicatorValue)
        .order_by("report__period", "indicator__code")
        .values_list(
            "indicator__plan__slug",
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


def plan_reports_modified():
    return latest(
        ProgressReport.objects.filter(
            state=ReportState.APPROVED, plan__in=Plan.objects.all()
        ).aggregate(at=Max("approved_at"))["at"],
        _audited("plan.progressreport"),
    )


def plan_reports_temporal():
    first, last = _span(
        ProgressReport.objects.filter(state=ReportState.APPROVED, plan__in=Plan.objects.all()),
        "period",
    )
    if last is not None:
        # A cut is a month: it covers up to the month's last day.
        following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
        last = date.fromordinal(following.toordinal() - 1)
    return (first, last)


def plan_budget_rows():
    return (
        _approved(ProjectProgress)
        .order_by("report__period", "project__code")
        .values_list(
            "project__plan__slug",
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


# Questions -------------------------------------------------------------------------------


def _public_questions():
    return Question.objects.public().filter(exercise__in=Exercise.objects.published())


def questions_rows():
    published_answers = Answer.objects.filter(
        question=OuterRef("pk"), state=AnswerState.PUBLISHED
    ).order_by("-version")
    # Never the asker's name or contact: only what the public Q&A already shows, masked.
    rows = (
        _public_questions()
        .annotate(
            answer=Subquery(published_answers.values("body")[:1]),
            answer_published_at=Subquery(published_answers.values("published_at")[:1]),
        )
        .order_by("received_at", "pk")
        .values_list(
            "exercise__slug",
            "tracking_code",
            "public_text",
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
            "forwarded_to",
            "answer",
            "answer_published_at",
        )
        .iterator(chunk_size=2000)
    )
    for row in rows:
        row = list(row)
        row[2] = _public_text(row[2])
        row[4] = _public_text(row[4])
        row[14] = _public_text(row[14]) if row[14] else ""
        if row[15] is not None:
            row[15] = timezone.localdate(row[15])
        yield tuple(row)


def questions_modified():
    questions = _public_questions().aggregate(
        received=Max("received_at"), extended=Max("extended_at"), answered=Max("answered_on")
    )
    return latest(
        *questions.values(),
        Answer.objects.filter(
            state=AnswerState.PUBLISHED, question__in=_public_questions()
        ).aggregate(at=Max("published_at"))["at"],
        _audited("questions.question", "questions.answer"),
    )


def questions_temporal():
    return _span(_public_questions(), "received_on")


# Survey and evaluation results -----------------------------------------------------------


def _closed_surveys():

    # The results are public once the survey closes (consultations.views).
    return Survey.objects.filter(
        exercise__in=Exercise.objects.published(), closes_at__lte=timezone.now()
    )


def survey_rows():
    for survey in _closed_surveys().select_related("exercise").order_by("opens_at", "pk"):
        data = results(survey)
        for option, count, share in data["options"]:
            yield (
                survey.exercise.slug,
                survey.question,
                option.label,
                data["total"],
                count,
                share,
            )


def survey_profile_rows():
    groups = (
        ("age_range", "age_range", dict(AgeRange.choices)),
        ("participant_kind", "participant_kind", dict(ParticipantKind.choices)),
        ("territory__name", "territory", {}),
        ("population_group", "population_group", dict(PopulationGroup.choices)),
    )
    for survey in _closed_surveys().select_related("exercise").order_by("opens_at", "pk"):
        data = results(survey)
        for field_name, dimension, labels in groups:
            table = data["by_profile"][field_name]
            for value in sorted(table):
                for option, _count, _share in data["options"]:
                    count = table[value].get(option.pk, 0)
                    # As on the results page: sensitive data, small groups hidden.
                    if field_name == "population_group":
                        count = suppressed_count(count, below=SMALL_GROUP)
                    yield (
                        survey.exercise.slug,
                        survey.question,
                        option.label,
                        dimension,
                        str(labels.get(value, value)),
                        count,
                    )


def survey_modified():
    surveys = _closed_surveys()
    return latest(
        surveys.aggregate(at=Max("closes_at"))["at"],
        _audited("consultations.survey", "consultations.surveyoption"),
    )


def survey_temporal():
    return _span(_closed_surveys(), "opens_at", "closes_at")


def _published_reports():
    return EvaluationReport.objects.filter(
        state=EvaluationReport.State.PUBLISHED, exercise__in=Exercise.objects.published()
    )


def evaluation_rows():
    """The figures of each exercise's latest published evaluation report, as frozen when it
    was published: the same the public report shows."""
    reports = _published_reports().select_related("exercise").order_by("exercise__year", "-version")
    seen = set()
    for report in reports:
        if report.exercise_id in seen:
            continue
        seen.add(report.exercise_id)
        section = (report.figures or {}).get("evaluation") or {}
        for form in section.get("forms", []):
            for question in form.get("questions", []):
                for label, count in question.get("rows", []):
                    yield (
                        report.exercise.slug,
                        form.get("form", ""),
                        form.get("responses", 0),
                        question.get("code", ""),
                        question.get("text", ""),
                        label,
                        count,
                        question.get("average"),
                        report.version,
                    )


def evaluation_modified():
    return _published_reports().aggregate(at=Max("published_at"))["at"]


def evaluation_temporal():
    return _span(_published_reports(), "exercise__starts_on", "exercise__ends_on")


# Improvement actions, events, documents, bulletins ---------------------------------------


def _public_actions():
    return ImprovementAction.objects.filter(exercise__in=Exercise.objects.published())


def improvement_rows():
    rows = (
        _public_actions()
        .order_by("exercise__year", "due_on", "pk")
        .values_list(
            "exercise__slug",
            "description",
            "origin",
            "origin_detail",
            "question__tracking_code",
            "department__name",
            "due_on",
            "status",
            "evidence_url",
            "updated_at",
        )
        .iterator(chunk_size=2000)
    )
    for row in rows:
        row = list(row)
        row[1], row[3] = _public_text(row[1]), _public_text(row[3])
        row[9] = timezone.localdate(row[9])
        yield tuple(row)


def improvement_modified():
    return latest(
        _public_actions().aggregate(at=Max("updated_at"))["at"],
        _audited("improvements.improvementaction"),
    )


def improvement_temporal():
    return _span(_public_actions(), "created_at", "due_on")


def _public_events():
    return Event.objects.filter(exercise__in=Exercise.objects.published())


def event_rows():
    for row in (
        _public_events()
        .order_by("starts_at", "pk")
        .values_list(
            "exercise__slug",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "modality",
            "place",
            "address",
            "stream_url",
            "recording_url",
        )
        .iterator(chunk_size=2000)
    ):
        row = list(row)
        # Local time, as the public pages show it, with its offset.
        row[3], row[4] = timezone.localtime(row[3]), timezone.localtime(row[4])
        yield tuple(row)


def event_modified():
    # Events have no timestamps; the admin audits their edits, and publishing the exercise
    # (an audited edit of it) is what makes them public.
    return _audited(
        "exercises.event", "exercises.eventdetails", "exercises.agendaitem", "exercises.exercise"
    )


def event_temporal():
    return _span(_public_events(), "starts_at", "ends_at")


def _public_documents():
    return Document.objects.published().filter(exercise__in=Exercise.objects.published())


def document_rows():
    for row in (
        _public_documents()
        .order_by("exercise__year", "date", "pk")
        .values_list(
            "exercise__slug",
            "kind",
            "title",
            "date",
            "version",
            "replaced_by__version",
            "published_at",
            "size",
            "sha256",
            "public_file",
        )
        .iterator(chunk_size=2000)
    ):
        row = list(row)
        row[6] = timezone.localdate(row[6])
        row[9] = settings.SITE_URL.rstrip("/") + default_storage.url(row[9]) if row[9] else ""
        yield tuple(row)


def document_modified():
    return latest(
        _public_documents().aggregate(at=Max("published_at"))["at"],
        _audited("exercises.document"),
    )


def document_temporal():
    return _span(_public_documents(), "date")


def _public_bulletins():
    return published()


def bulletin_rows():
    site = settings.SITE_URL.rstrip("/")
    for row in (
        _public_bulletins()
        .order_by("published_at", "pk")
        .values_list("exercise__slug", "title", "lead", "published_at", "slug")
        .iterator(chunk_size=2000)
    ):
        slug, title, lead, published_at, address = row
        yield (
            slug or "",
            title,
            _public_text(lead),
            timezone.localdate(published_at),
            site + reverse("outreach:bulletin", args=[address]),
        )


def bulletin_modified():
    return latest(
        _public_bulletins().aggregate(at=Max("published_at"))["at"],
        _audited("outreach.bulletin"),
    )


def bulletin_temporal():
    return _span(_public_bulletins(), "published_at")


# The catalogue ---------------------------------------------------------------------------


PLAN = Column("plan", _("Plan de desarrollo (sus años: 2020-2023)"))
EXERCISE = Column("ejercicio", _("Ejercicio de rendición de cuentas (su dirección: 2023)"))
TREND = Column("tendencia", _("Tendencia esperada del indicador"), "rinde.plan.models.Trend")

DATASETS: list[Dataset] = [
    Dataset(
        "plan-estructura",
        _("Estructura del plan de desarrollo vigente"),
        _(
            "Líneas estratégicas, componentes, programas, proyectos e indicadores de producto del plan vigente, con sus metas."
        ),
        _("Cuando cambia el plan"),
        [
            PLAN,
            Column("codigo_linea", _("Código de la línea estratégica")),
            Column("linea", _("Línea estratégica")),
            Column("codigo_componente", _("Código del componente o sector")),
            Column("componente", _("Componente o sector")),
            Column("codigo_programa", _("Código del programa")),
            Column("programa", _("Programa")),
            Column("codigo_proyecto", _("Código del proyecto")),
            Column("proyecto", _("Proyecto")),
            Column("bpin", _("Código BPIN (si lo tiene)")),
            Column("dependencia", _("Dependencia responsable")),
            Column("codigo_indicador", _("Código del indicador de producto")),
            Column("codigo_mga", _("Código MGA (si lo tiene)")),
            Column("indicador", _("Indicador de producto")),
            Column("unidad", _("Unidad de medida")),
            TREND,
            Column("linea_base", _("Línea base")),
            Column("meta_cuatrienio", _("Meta del cuatrienio")),
            Column("peso", _("Peso del indicador dentro de su proyecto")),
        ],
        plan_structure_rows,
        plan_structure_modified,
        plan_structure_temporal,
        (_("plan de desarrollo"), _("metas"), _("indicadores"), _("proyectos")),
    ),
    Dataset(
        "plan-avance-indicadores",
        _("Avance mensual de los indicadores del plan de desarrollo"),
        _(
            "Valor logrado cada mes por cada indicador de producto, según los cortes aprobados por Planeación."
        ),
        _("Mensual"),
        [
            PLAN,
            Column("mes", _("Primer día del mes del corte (AAAA-MM-DD)")),
            Column("dependencia", _("Dependencia responsable")),
            Column("codigo_proyecto", _("Código del proyecto")),
            Column("codigo_indicador", _("Código del indicador de producto")),
            Column("indicador", _("Nombre del indicador")),
            Column("unidad", _("Unidad de medida")),
            TREND,
            Column("linea_base", _("Línea base")),
            Column("meta_cuatrienio", _("Meta del cuatrienio")),
            Column("valor_mes", _("Valor logrado en el mes")),
            Column("version_corte", _("Versión del corte (las correcciones son versiones nuevas)")),
        ],
        plan_cuts_rows,
        plan_reports_modified,
        plan_reports_temporal,
        (_("plan de desarrollo"), _("seguimiento"), _("indicadores"), _("avance")),
    ),
    Dataset(
        "plan-ejecucion-presupuestal",
        _("Ejecución presupuestal de los proyectos del plan"),
        _(
            "Apropiación, compromisos, obligaciones y pagos de cada proyecto en cada corte aprobado, en pesos colombianos."
        ),
        _("Mensual"),
        [
            PLAN,
            Column("mes", _("Primer día del mes del corte")),
            Column("dependencia", _("Dependencia responsable")),
            Column("codigo_proyecto", _("Código del proyecto")),
            Column("proyecto", _("Nombre del proyecto")),
            Column("bpin", _("Código BPIN")),
            Column("apropiacion", _("Apropiación (COP)")),
            Column("compromisos", _("Compromisos (COP)")),
            Column("obligaciones", _("Obligaciones (COP)")),
            Column("pagos", _("Pagos (COP)")),
        ],
        plan_budget_rows,
        plan_reports_modified,
        plan_reports_temporal,
        (_("presupuesto"), _("ejecución presupuestal"), _("proyectos"), _("inversión")),
    ),
    Dataset(
        "preguntas-ciudadanas",
        _("Preguntas ciudadanas y sus respuestas"),
        _(
            "Cada pregunta pública de la rendición de cuentas, con su texto publicado, su estado, sus fechas legales y la respuesta publicada; sin datos personales."
        ),
        _("Diaria"),
        [
            EXERCISE,
            Column("codigo", _("Código de seguimiento")),
            Column("pregunta", _("Texto publicado (correos, teléfonos y documentos ocultos)")),
            Column("canal", _("Canal de recepción"), "rinde.questions.models.Channel"),
            Column("tema", _("Tema")),
            Column("dependencia", _("Dependencia que responde")),
            Column("tipo", _("Tipo de petición"), "rinde.questions.models.PetitionKind"),
            Column("estado", _("Estado"), "rinde.questions.models.Status"),
            Column("recibida", _("Fecha legal de recibo")),
            Column("vence", _("Vencimiento inicial")),
            Column("vence_con_prorroga", _("Vencimiento vigente")),
            Column("respondida", _("Fecha de respuesta")),
            Column("fundamento", _("Fundamento legal del término")),
            Column("remitida_a", _("Autoridad a la que se remitió (si se remitió)")),
            Column(
                "respuesta", _("Respuesta publicada, en texto plano (datos personales ocultos)")
            ),
            Column("respuesta_publicada", _("Fecha de publicación de la respuesta")),
        ],
        questions_rows,
        questions_modified,
        questions_temporal,
        (_("preguntas"), _("respuestas"), _("derecho de petición"), _("participación")),
    ),
    Dataset(
        "encuesta-temas",
        _("Resultados de las encuestas de temas"),
        _(
            "Por cada encuesta cerrada, cuántas personas eligieron cada tema para la rendición de cuentas."
        ),
        _("Al cerrar cada encuesta"),
        [
            EXERCISE,
            Column("encuesta", _("Pregunta de la encuesta")),
            Column("tema", _("Tema que se podía elegir")),
            Column("respuestas_encuesta", _("Respuestas contadas en la encuesta")),
            Column("personas", _("Personas que eligieron el tema")),
            Column("porcentaje", _("Porcentaje de las respuestas (0 a 100, redondeado)")),
        ],
        survey_rows,
        survey_modified,
        survey_temporal,
        (_("encuesta"), _("consulta ciudadana"), _("temas"), _("participación")),
    ),
    Dataset(
        "encuesta-temas-por-perfil",
        _("Resultados de las encuestas de temas por perfil"),
        _(
            "Cuántas personas de cada rango de edad, tipo de participante, territorio y grupo poblacional eligieron cada tema. Los grupos poblacionales de menos de cinco personas se muestran como «<5»."
        ),
        _("Al cerrar cada encuesta"),
        [
            EXERCISE,
            Column("encuesta", _("Pregunta de la encuesta")),
            Column("tema", _("Tema elegido")),
            Column(
                "dimension",
                _("Característica de quien respondió"),
                (
                    ("age_range", _("Rango de edad")),
                    ("participant_kind", _("Tipo de participante")),
                    ("territory", _("Comuna o corregimiento")),
                    ("population_group", _("Grupo poblacional")),
                ),
            ),
            Column("grupo", _("Valor de esa característica (un rango de edad, una comuna…)")),
            Column("personas", _("Personas; «<5» cuando un grupo poblacional tiene de 1 a 4")),
        ],
        survey_profile_rows,
        survey_modified,
        survey_temporal,
        (_("encuesta"), _("consulta ciudadana"), _("perfil"), _("enfoque diferencial")),
    ),
    Dataset(
        "evaluacion-audiencia",
        _("Resultados de la evaluación de las audiencias públicas"),
        _(
            "Respuestas a cada pregunta cerrada del formato de evaluación, según el informe de evaluación publicado de cada ejercicio."
        ),
        _("Al publicar cada informe de evaluación"),
        [
            EXERCISE,
            Column("formato", _("Formato de evaluación")),
            Column("respuestas_formato", _("Formatos diligenciados")),
            Column("codigo_pregunta", _("Código de la pregunta")),
            Column("pregunta", _("Pregunta")),
            Column("opcion", _("Opción de respuesta (en una escala, su número)")),
            Column("personas", _("Personas que eligieron la opción")),
            Column("promedio", _("Promedio de la escala (solo preguntas de escala)")),
            Column("version_informe", _("Versión del informe de evaluación")),
        ],
        evaluation_rows,
        evaluation_modified,
        evaluation_temporal,
        (_("evaluación"), _("audiencia pública"), _("percepción ciudadana")),
    ),
    Dataset(
        "acciones-de-mejora",
        _("Plan de mejoramiento de la rendición de cuentas"),
        _(
            "Cada acción de mejora que la entidad se comprometió a hacer, de dónde viene, quién responde, su plazo y su estado."
        ),
        _("Cuando cambia una acción"),
        [
            EXERCISE,
            Column("accion", _("Acción de mejora")),
            Column("origen", _("Origen"), "rinde.improvements.models.Origin"),
            Column("detalle_origen", _("De dónde viene, en pocas palabras")),
            Column("pregunta", _("Código de la pregunta ciudadana que la originó (si la hay)")),
            Column("dependencia", _("Dependencia responsable")),
            Column("fecha_limite", _("Fecha límite")),
            Column("estado", _("Estado"), "rinde.improvements.models.Status"),
            Column("evidencia", _("Enlace a la evidencia")),
            Column("actualizada", _("Fecha del último cambio")),
        ],
        improvement_rows,
        improvement_modified,
        improvement_temporal,
        (_("plan de mejoramiento"), _("compromisos"), _("seguimiento")),
    ),
    Dataset(
        "eventos",
        _("Audiencias públicas y espacios de diálogo"),
        _("Cada evento de la rendición de cuentas: tipo, fechas, modalidad, lugar y enlaces."),
        _("Cuando se programa un evento"),
        [
            EXERCISE,
            Column("tipo", _("Tipo de evento"), "rinde.exercises.models.EventKind"),
            Column("titulo", _("Título")),
            Column("inicio", _("Inicio (fecha y hora de Colombia, ISO 8601)")),
            Column("fin", _("Fin (fecha y hora de Colombia, ISO 8601)")),
            Column("modalidad", _("Modalidad"), "rinde.exercises.models.Modality"),
            Column("lugar", _("Lugar")),
            Column("direccion", _("Dirección")),
            Column("transmision", _("Enlace de la transmisión")),
            Column("grabacion", _("Enlace de la grabación")),
        ],
        event_rows,
        event_modified,
        event_temporal,
        (_("audiencia pública"), _("eventos"), _("diálogo ciudadano")),
    ),
    Dataset(
        "documentos",
        _("Documentos publicados y sus sumas de verificación"),
        _(
            "Metadatos de cada documento publicado (informes, actas, estrategia), con su tamaño y su suma SHA-256 para comprobar que el archivo no cambió."
        ),
        _("Cuando se publica un documento"),
        [
            EXERCISE,
            Column("tipo", _("Tipo de documento"), "rinde.exercises.models.DocumentKind"),
            Column("titulo", _("Título")),
            Column("fecha", _("Fecha del documento")),
            Column("version", _("Versión")),
            Column("reemplazado_por_version", _("Versión que lo reemplaza (vacío si es vigente)")),
            Column("publicado", _("Fecha de publicación")),
            Column("bytes", _("Tamaño del archivo en bytes")),
            Column("sha256", _("Suma SHA-256 del archivo, en hexadecimal")),
            Column("archivo", _("Dirección del archivo")),
        ],
        document_rows,
        document_modified,
        document_temporal,
        (_("documentos"), _("informes"), _("actas"), _("integridad")),
    ),
    Dataset(
        "boletines",
        _("Boletines de prensa"),
        _("Cada boletín publicado: título, entradilla, fecha y dirección."),
        _("Cuando se publica un boletín"),
        [
            Column("ejercicio", _("Ejercicio de rendición de cuentas (vacío si es general)")),
            Column("titulo", _("Título")),
            Column("entradilla", _("Entradilla")),
            Column("publicado", _("Fecha de publicación")),
            Column("direccion", _("Dirección del boletín en el portal")),
        ],
        bulletin_rows,
        bulletin_modified,
        bulletin_temporal,
        (_("boletines"), _("prensa"), _("comunicaciones")),
    ),
]


def get(slug: str) -> Dataset | None:
    return next((d for d in DATASETS if d.slug == slug), None)
