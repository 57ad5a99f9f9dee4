"""Evaluation: create the form from the template, receive answers, publish the report."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit
from rinde.core.antispam import spend_form_token
from rinde.core.public_cache import refresh_public_pages
from rinde.evaluation import tasks, template
from rinde.evaluation.models import (
    Answer,
    EvaluationForm,
    EvaluationQuestion,
    EvaluationReport,
    Response,
)

OPEN_AFTER_END = timedelta(hours=48)


def _require_planning(actor) -> None:
    if not permissions.has_role(actor, Role.PLANNING):
        raise PermissionDenied("role")


@transaction.atomic
def create_form(*, event, actor, request=None) -> EvaluationForm:
    """The default form (legal.md), open from the hearing's start to 48 hours after its end."""
    _require_planning(actor)
    if EvaluationForm.objects.filter(event=event).exists():
        raise ValidationError("Este evento ya tiene formato de evaluación.")
    form = EvaluationForm.objects.create(
        entity_id=event.exercise.entity_id,
        event=event,
        title=f"Evaluación: {event.title}",
        intro="Su opinión es anónima y nos ayuda a mejorar la rendición de cuentas.",
        based_on=template.BASED_ON,
        opens_at=event.starts_at,
        closes_at=event.ends_at + OPEN_AFTER_END,
    )
    EvaluationQuestion.objects.bulk_create(
        EvaluationQuestion(
            form=form,
            order=i,
            code=code,
            text=text,
            kind=kind,
            required=required,
            options=options,
            maps_to_outreach=code == "como_se_entero",
        )
        for i, (code, text, kind, required, options) in enumerate(template.QUESTIONS, start=1)
    )
    audit.record(actor=actor, action="evaluation.form.create", target=form, request=request)
    return form


@transaction.atomic
def set_window(form: EvaluationForm, *, actor, opens_at, closes_at, request=None) -> EvaluationForm:
    _require_planning(actor)
    before = [str(form.opens_at), str(form.closes_at)]
    form.opens_at, form.closes_at = opens_at, closes_at
    form.save(update_fields=["opens_at", "closes_at"])
    audit.record(
        actor=actor,
        action="evaluation.form.window",
        target=form,
        changes={"window": [before, [str(opens_at), str(closes_at)]]},
        request=request,
    )
    return form


def _answers_from(questions, data: dict) -> list[Answer]:
    answers = []
    for q in questions:
        value = data.get(f"q_{q.code}")
        answer = Answer(question=q)
        if q.kind == "multiple":
            answer.choices = list(value or [])
        elif q.kind in ("single", "yes_no"):
            answer.choices = [value] if value else []
            if q.kind == "yes_no":
                answer.text = (data.get(f"q_{q.code}_why") or "").strip()
        elif q.kind == "scale":
            answer.number = int(value) if value else None
        else:
            answer.text = (value or "").strip()
        if answer.choices or answer.number is not None or answer.text:
            answers.append(answer)
    return answers


def submit_response(
    form: EvaluationForm, *, data: dict, now=None, form_token: str = ""
) -> Response:
    """An online answer: only inside the window; every answer lands together or none, with
    its form's start token spent (antispam.spend_form_token)."""
    if not form.is_open(now):
        raise ValidationError("El formato de evaluación no está abierto.")
    questions = list(form.questions.all())
    with transaction.atomic():
        if form_token:
            spend_form_token(form_token)
        response = Response.objects.create(form=form)
        answers = _answers_from(questions, data)
        for a in answers:
            a.response = response
        Answer.objects.bulk_create(answers)
    return response


def enter_paper_response(
    form: EvaluationForm, *, data: dict, sheet_number: int, actor, request=None
) -> Response:
    """A paper form typed by staff; the same sheet number twice is refused."""
    _require_planning(actor)
    questions = list(form.questions.all())
    try:
        with transaction.atomic():
            response = Response.objects.create(
                form=form, channel="paper", sheet_number=sheet_number, entered_by=actor
            )
            answers = _answers_from(questions, data)
            for a in answers:
                a.response = response
            Answer.objects.bulk_create(answers)
            audit.record(
                actor=actor,
                action="evaluation.paper_entry",
                target=form,
                changes={"sheet": sheet_number},
                request=request,
            )
    except IntegrityError:
        raise ValidationError(f"La hoja {sheet_number} ya fue digitada.") from None
    return response


@transaction.atomic
def set_text_public(answer: Answer, *, public: bool, actor, request=None) -> Answer:
    """Free text is private; staff may publish one after checking it has no personal data."""
    _require_planning(actor)
    answer.text_is_public = public
    answer.save(update_fields=["text_is_public"])
    audit.record(
        actor=actor,
        action="evaluation.text_public" if public else "evaluation.text_private",
        target=answer.response.form,
        changes={"answer": answer.pk},
        request=request,
    )
    return answer


@transaction.atomic
def start_report(*, exercise, actor, request=None) -> EvaluationReport:
    _require_planning(actor)
    draft = EvaluationReport.objects.filter(
        exercise=exercise, state=EvaluationReport.State.DRAFT
    ).first()
    if draft:
        return draft
    latest = EvaluationReport.objects.filter(exercise=exercise).order_by("-version").first()
    report = EvaluationReport.objects.create(
        exercise=exercise,
        version=(latest.version + 1) if latest else 1,
        created_by=actor,
        narrative=dict(latest.narrative) if latest else {},
    )
    audit.record(actor=actor, action="evaluation.report.start", target=report, request=request)
    return report


@transaction.atomic
def save_narrative(
    report: EvaluationReport, *, actor, narrative: dict[str, str], request=None
) -> EvaluationReport:
    _require_planning(actor)
    report = EvaluationReport.objects.select_for_update().get(pk=report.pk)
    if report.state != EvaluationReport.State.DRAFT:
        raise ValidationError("Un informe publicado no se edita: cree una versión nueva.")
    report.narrative = narrative
    report.save(update_fields=["narrative"])
    audit.record(actor=actor, action="evaluation.report.edit", target=report, request=request)
    return report


def publish_report(
    report: EvaluationReport, *, actor, figures: dict, request=None
) -> EvaluationReport:
    """Freeze the figures, publish the page, and queue its PDF (a document of the exercise)."""
    _require_planning(actor)
    with transaction.atomic():
        report = EvaluationReport.objects.select_for_update().get(pk=report.pk)
        if report.state != EvaluationReport.State.DRAFT:
            raise ValidationError("Este informe ya está publicado.")
        report.figures = figures
        report.state = EvaluationReport.State.PUBLISHED
        report.published_at = timezone.now()
        report.pdf_status = "queued"
        report.save()
        audit.record(
            actor=actor,
            action="evaluation.report.publish",
            target=report,
            changes={
                "state": [EvaluationReport.State.DRAFT, report.state],
                "published_at": [None, report.published_at],
            },
            request=request,
        )
        refresh_public_pages()
        transaction.on_commit(lambda: tasks.render_report_pdf.enqueue(report.pk))
    return report
