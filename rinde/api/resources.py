"""What the API publishes: for each resource, the public rows (with their filters and the
joins that keep the query count constant) and the row as the API shows it.

Only what the public pages already show, and only its public version: published exercises
and what belongs to them, approved cuts, published documents and answers, closed surveys and
evaluations as aggregates. Citizens' text goes out masked (core.privacy), and no name,
e-mail, phone or document number of a person is ever read here."""

import re
from collections import defaultdict
from datetime import date, datetime

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from rinde.consultations.models import (
    AgeRange,
    ParticipantKind,
    PopulationGroup,
    Survey,
    SurveyResponse,
)
from rinde.core.privacy import mask_personal_data
from rinde.core.sanitize import html_to_text
from rinde.evaluation.models import Answer as EvaluationAnswer
from rinde.evaluation.models import EvaluationForm
from rinde.evaluation.results import average, distribution
from rinde.exercises.models import Document, Event, Exercise
from rinde.improvements.models import ImprovementAction
from rinde.outreach.models import Bulletin
from rinde.plan.models import Indicator, Plan, ProgressReport, ReportState
from rinde.questions.models import Answer, AnswerState, Question

# The population group is sensitive data (Ley 1581 de 2012, art. 5): the survey's results
# page shows its groups of 1 to 4 people as "<5" (consultations.views.SMALL_CELL); so does
# the API.
SMALL_CELL = 5


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _file_url(request: HttpRequest, field) -> str | None:
    return _absolute(request, field.url) if field else None


def _local(moment: datetime | None) -> datetime | None:
    """Times as Colombia reads them (America/Bogota), with their offset."""
    return timezone.localtime(moment) if moment else None


_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _text(html: str) -> str:
    """Cleaned HTML as text, one paragraph per line (html_to_text alone runs them together)."""
    return "\n".join(
        line.strip()
        for line in html_to_text(_BLOCK_END.sub("\n", html or "")).splitlines()
        if line.strip()
    )


def _department(department) -> dict | None:
    if department is None:
        return None
    return {"codigo": department.code, "nombre": department.name}


def _between(queryset, field: str, since: date | None, until: date | None):
    if since:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until:
        queryset = queryset.filter(**{f"{field}__lte": until})
    return queryset


# Exercises and plans ---------------------------------------------------------------------


def exercises(*, year: int | None):
    rows = Exercise.objects.published().order_by("-year", "slug")
    return rows.filter(year=year) if year else rows


def exercise_row(request: HttpRequest, exercise: Exercise) -> dict:
    return {
        "slug": exercise.slug,
        "anio": exercise.year,
        "titulo": exercise.title,
        "instrumento": exercise.instrument_name,
        "resumen": exercise.summary,
        "inicio": exercise.starts_on,
        "fin": exercise.ends_on,
        "url": _absolute(request, exercise.get_absolute_url()),
    }


def plans():
    return Plan.objects.prefetch_related("lines").order_by("-start_year", "slug")


def plan_row(request: HttpRequest, plan: Plan) -> dict:
    return {
        "slug": plan.slug,
        "nombre": plan.name,
        "anio_inicial": plan.start_year,
        "anio_final": plan.end_year,
        "vigente": plan.is_current,
        "acto_de_adopcion": plan.adopting_act,
        "frecuencia_cortes": str(plan.get_reporting_frequency_display()),
        "lineas": [{"codigo": line.code, "nombre": line.name} for line in plan.lines.all()],
        "url": _absolute(request, reverse("plan:overview", kwargs={"plan_slug": plan.slug})),
    }


# Goals and cuts --------------------------------------------------------------------------


def goals(*, plan: str | None, department: str | None, project: str | None):
    rows = (
        Indicator.objects.filter(plan__in=Plan.objects.all())
        .select_related(
            "plan",
            "department",
            "project__department",
            "project__program__component__line",
        )
        .prefetch_related("year_targets")
    )
    if plan:
        rows = rows.filter(plan__slug=plan)
    if department:
        # A goal answered for by another department than its project's is that one's.
        rows = rows.filter(
            Q(department__code=department)
            | Q(department__isnull=True, project__department__code=department)
        )
    if project:
        rows = rows.filter(project__code=project)
    return rows.order_by("plan__start_year", "code", "pk")


def goal_row(request: HttpRequest, goal: Indicator) -> dict:
    project = goal.project
    program = project.program
    component = program.component
    line = component.line
    return {
        "plan": goal.plan.slug,
        "codigo": goal.code,
        "codigo_mga": goal.mga_code,
        "nombre": goal.name,
        "unidad": goal.unit,
        "tendencia": str(goal.get_trend_display()),
        "linea_base": str(goal.baseline),
        "linea_base_texto": goal.baseline_text,
        "meta_cuatrienio": str(goal.target),
        "peso": str(goal.weight),
        "dependencia": _department(goal.department or project.department),
        "linea": {"codigo": line.code, "nombre": line.name},
        "componente": {"codigo": component.code, "nombre": component.name},
        "programa": {"codigo": program.code, "nombre": program.name},
        "proyecto": {"codigo": project.code, "nombre": project.name},
        "bpin": project.bpin,
        "metas_anuales": [
            {"anio": t.year, "meta": str(t.target)}
            for t in sorted(goal.year_targets.all(), key=lambda t: t.year)
        ],
    }


def cuts(*, plan: str | None, department: str | None, since: date | None, until: date | None):
    # Approved cuts, and the versions a correction replaced: those stay public.
    rows = (
        ProgressReport.objects.filter(
            state__in=[ReportState.APPROVED, ReportState.SUPERSEDED], plan__in=Plan.objects.all()
        )
        .select_related("plan", "department")
        .prefetch_related("indicator_values__indicator", "project_progress__project")
    )
    if plan:
        rows = rows.filter(plan__slug=plan)
    if department:
        rows = rows.filter(department__code=department)
    rows = _between(rows, "period", since, until)
    return rows.order_by("-period", "department__name", "-version", "pk")


def cut_row(request: HttpRequest, cut: ProgressReport) -> dict:
    return {
        "id": cut.pk,
        "plan": cut.plan.slug,
        "dependencia": _department(cut.department),
        "periodo": cut.period,
        "frecuencia": str(cut.plan.get_reporting_frequency_display()),
        "version": cut.version,
        "vigente": cut.state == ReportState.APPROVED,
        "publicado": _local(cut.approved_at),
        "valores": [
            {"meta": v.indicator.code, "valor": str(v.value)}
            for v in sorted(cut.indicator_values.all(), key=lambda v: v.indicator.code)
        ],
        "ejecucion": [
            {
                "proyecto": p.project.code,
                "apropiacion": str(p.appropriation),
                "compromisos": str(p.commitments),
                "obligaciones": str(p.obligations),
                "pagos": str(p.payments),
                "logros": mask_personal_data(p.achievements),
                "dificultades": mask_personal_data(p.difficulties),
            }
            for p in sorted(cut.project_progress.all(), key=lambda p: p.project.code)
        ],
    }


# Exercise documents and events -----------------------------------------------------------


def documents(*, exercise: str | None, kind: str | None, since: date | None, until: date | None):
    rows = Document.objects.published().filter(exercise__in=Exercise.objects.published())
    rows = rows.select_related("exercise")
    if exercise:
        rows = rows.filter(exercise__slug=exercise)
    if kind:
        rows = rows.filter(kind=kind)
    rows = _between(rows, "date", since, until)
    return rows.order_by("-published_at", "-pk")


def document_row(request: HttpRequest, document: Document) -> dict:
    return {
        "id": document.pk,
        "ejercicio": document.exercise.slug,
        "tipo": document.kind,
        "tipo_nombre": str(document.get_kind_display()),
        "titulo": document.title,
        "fecha": document.date,
        "version": document.version,
        "corrige_a": document.replaces_id,
        "resumen": _text(document.summary),
        "archivo": _file_url(request, document.public_file),
        "tamano": document.size,
        "sha256": document.sha256,
        "publicado": _local(document.published_at),
    }


def events(*, exercise: str | None, kind: str | None, since: date | None, until: date | None):
    rows = Event.objects.filter(exercise__in=Exercise.objects.published()).select_related(
        "exercise"
    )
    if exercise:
        rows = rows.filter(exercise__slug=exercise)
    if kind:
        rows = rows.filter(kind=kind)
    rows = _between(rows, "starts_at__date", since, until)
    return rows.order_by("starts_at", "pk")


def event_row(request: HttpRequest, event: Event) -> dict:
    return {
        "id": event.pk,
        "ejercicio": event.exercise.slug,
        "tipo": event.kind,
        "tipo_nombre": str(event.get_kind_display()),
        "titulo": event.title,
        "inicio": _local(event.starts_at),
        "fin": _local(event.ends_at),
        "modalidad": str(event.get_modality_display()),
        "lugar": event.place,
        "direccion": event.address,
        "transmision": event.stream_url,
        "grabacion": event.recording_url,
        "url": _absolute(request, reverse("exercises:event", args=[event.exercise.slug, event.pk])),
    }


# Questions and their answers -------------------------------------------------------------


def questions(
    *,
    exercise: str | None,
    department: str | None,
    status: str | None,
    since: date | None,
    until: date | None,
):
    published = Answer.objects.filter(state=AnswerState.PUBLISHED).order_by("version")
    # Never the asker: only() keeps the name, e-mail and phone out of the query itself.
    rows = (
        Question.objects.public()
        .filter(exercise__in=Exercise.objects.published())
        .select_related("exercise", "department")
        .only(
            "tracking_code",
            "text",
            "public_text",
            "topic",
            "kind",
            "channel",
            "status",
            "received_at",
            "received_on",
            "due_on",
            "current_due_on",
            "answered_on",
            "term_source",
            "forwarded_to",
            "exercise__slug",
            "department__code",
            "department__name",
        )
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=published.only("question_id", "version", "body", "published_at"),
                to_attr="published_answers",
            )
        )
    )
    if exercise:
        rows = rows.filter(exercise__slug=exercise)
    if department:
        rows = rows.filter(department__code=department)
    if status:
        rows = rows.filter(status=status)
    rows = _between(rows, "received_on", since, until)
    return rows.order_by("-received_at", "-pk")


def question_row(request: HttpRequest, question: Question) -> dict:
    return {
        "codigo": question.tracking_code,
        "ejercicio": question.exercise.slug,
        # Masked again on the way out, as the feeds and the open data do: public_text was
        # masked by the rules of the day it arrived; a row written without it uses text.
        "texto": mask_personal_data(question.public_text or question.text),
        "tema": mask_personal_data(question.topic),
        "dependencia": _department(question.department),
        "tipo": str(question.get_kind_display()),
        "canal": str(question.get_channel_display()),
        "estado": question.status,
        "estado_nombre": str(question.get_status_display()),
        "recibida": question.received_on,
        "vence": question.due_on,
        "vence_con_prorroga": question.current_due_on,
        "respondida": question.answered_on,
        "fundamento": question.term_source,
        "remitida_a": question.forwarded_to,
        "respuestas": [
            {
                "version": answer.version,
                # Staff write answers, but they quote the question: masked like it.
                "texto": mask_personal_data(_text(answer.body)),
                "publicada": _local(answer.published_at),
            }
            for answer in question.published_answers
        ],
        "url": _absolute(request, reverse("questions:detail", args=[question.tracking_code])),
    }


# Survey and evaluation results (aggregates only) -----------------------------------------


def surveys(*, exercise: str | None):
    # Results are public once the survey closes, as on its page (nobody reacts to them live).
    rows = Survey.objects.filter(
        exercise__in=Exercise.objects.published(), closes_at__lte=timezone.now()
    )
    rows = rows.select_related("exercise").prefetch_related("options")
    if exercise:
        rows = rows.filter(exercise__slug=exercise)
    return rows.order_by("-closes_at", "-pk")


PROFILES = (
    ("age_range", "Rango de edad", dict(AgeRange.choices)),
    ("participant_kind", "Tipo de participante", dict(ParticipantKind.choices)),
    ("territory__name", "Comuna o corregimiento", None),
    ("population_group", "Grupo poblacional", dict(PopulationGroup.choices)),
)


def survey_rows(page: list[Survey]) -> list[dict]:
    """The results of a page of surveys, counted in a fixed number of queries whatever the
    number of surveys, options or answers (consultations.services.results counts one
    survey at a time)."""
    ids = [s.pk for s in page]
    counted = SurveyResponse.objects.filter(survey_id__in=ids, confirmed_at__isnull=False)
    totals = dict(counted.values_list("survey_id").annotate(n=Count("pk")).order_by())
    through = SurveyResponse.options.through
    chosen = through.objects.filter(
        surveyresponse__survey_id__in=ids, surveyresponse__confirmed_at__isnull=False
    )
    per_option = dict(chosen.values_list("surveyoption_id").annotate(n=Count("pk")).order_by())
    profiles: dict[str, dict[tuple[int, str], int]] = {}
    for field, _title, _labels in PROFILES:
        profiles[field] = {
            (option_id, value): n
            for option_id, value, n in chosen.exclude(
                **{f"surveyresponse__{field}__in": ["", None]}
            )
            .values_list("surveyoption_id", f"surveyresponse__{field}")
            .annotate(n=Count("pk"))
            .order_by()
        }
    rows = []
    for survey in page:
        total = totals.get(survey.pk, 0)
        options = sorted(survey.options.all(), key=lambda o: o.order)
        tables = []
        for field, title, labels in PROFILES:
            cells = []
            for option in options:
                for (option_id, value), n in sorted(
                    profiles[field].items(), key=lambda item: str(item[0][1])
                ):
                    if option_id != option.pk:
                        continue
                    people: int | str = n
                    if field == "population_group" and 0 < n < SMALL_CELL:
                        people = f"<{SMALL_CELL}"
                    group = str(labels.get(value, value)) if labels else str(value)
                    cells.append({"tema": option.label, "grupo": group, "personas": people})
            if cells:
                tables.append({"perfil": title, "celdas": cells})
        rows.append(
            {
                "id": survey.pk,
                "ejercicio": survey.exercise.slug,
                "pregunta": survey.question,
                "cerro": _local(survey.closes_at),
                "respuestas": total,
                "opciones": [
                    {
                        "tema": option.label,
                        "personas": (n := per_option.get(option.pk, 0)),
                        "porcentaje": round(100 * n / total) if total else 0,
                    }
                    for option in options
                ],
                "perfiles": tables,
            }
        )
    return rows


def evaluations(*, exercise: str | None):
    rows = EvaluationForm.objects.filter(
        event__exercise__in=Exercise.objects.published(), closes_at__lte=timezone.now()
    )
    rows = rows.select_related("event__exercise").prefetch_related("questions")
    rows = rows.annotate(response_count=Count("responses"))
    if exercise:
        rows = rows.filter(event__exercise__slug=exercise)
    return rows.order_by("-closes_at", "-pk")


class _Choice:
    """An answer's choices and number, without its free text (which stays out of the API)."""

    __slots__ = ("choices", "number")

    def __init__(self, choices, number):
        self.choices, self.number = choices or [], number


def evaluation_rows(page: list[EvaluationForm]) -> list[dict]:
    answers: dict[int, list[_Choice]] = defaultdict(list)
    for question_id, choices, number in EvaluationAnswer.objects.filter(
        response__form__in=page
    ).values_list("question_id", "choices", "number"):
        answers[question_id].append(_Choice(choices, number))
    rows = []
    for form in page:
        questions_out = []
        for question in sorted(form.questions.all(), key=lambda q: q.order):
            mine = answers.get(question.pk, [])
            options = []
            if question.kind != "text":
                options = [
                    {"codigo": str(code), "etiqueta": str(label), "respuestas": n}
                    for code, label, n in distribution(question, mine)
                ]
            questions_out.append(
                {
                    "codigo": question.code,
                    "texto": question.text,
                    "tipo": str(question.get_kind_display()),
                    "promedio": average(question, mine) if question.kind == "scale" else None,
                    "opciones": options,
                }
            )
        rows.append(
            {
                "id": form.pk,
                "ejercicio": form.event.exercise.slug,
                "evento": form.event.title,
                "titulo": form.title,
                "cerro": _local(form.closes_at),
                "respuestas": form.response_count,
                "preguntas": questions_out,
            }
        )
    return rows


# Improvement actions and bulletins -------------------------------------------------------


def improvements(*, exercise: str | None, department: str | None, status: str | None):
    rows = ImprovementAction.objects.filter(exercise__in=Exercise.objects.published())
    rows = rows.select_related("exercise", "department")
    if exercise:
        rows = rows.filter(exercise__slug=exercise)
    if department:
        rows = rows.filter(department__code=department)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("due_on", "pk")


def improvement_row(request: HttpRequest, action: ImprovementAction, today: date) -> dict:
    return {
        "id": action.pk,
        "ejercicio": action.exercise.slug,
        "descripcion": mask_personal_data(action.description),
        "origen": str(action.get_origin_display()),
        "de_donde_viene": mask_personal_data(action.origin_detail),
        "dependencia": _department(action.department),
        "fecha_limite": action.due_on,
        "estado": action.status,
        "estado_nombre": str(action.get_status_display()),
        "vencida": action.is_overdue(today),
        "evidencia": action.evidence_url,
        "evidencia_archivo": _file_url(request, action.evidence_file),
    }


def bulletins(*, exercise: str | None, since: date | None, until: date | None):
    rows = Bulletin.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())
    rows = rows.select_related("exercise")
    if exercise:
        rows = rows.filter(exercise__slug=exercise)
    rows = _between(rows, "published_at__date", since, until)
    return rows.order_by("-published_at", "-pk")


def bulletin_row(request: HttpRequest, bulletin: Bulletin) -> dict:
    return {
        "slug": bulletin.slug,
        "ejercicio": bulletin.exercise.slug if bulletin.exercise else None,
        "titulo": bulletin.title,
        "entradilla": bulletin.lead,
        "texto": _text(bulletin.body),
        "imagen": _file_url(request, bulletin.image),
        "imagen_alt": bulletin.image_alt,
        "publicado": _local(bulletin.published_at),
        "url": _absolute(request, reverse("outreach:bulletin", args=[bulletin.slug])),
    }
