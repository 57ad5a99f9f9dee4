"""Start an exercise from last year's: what is copied, with its dates shifted, and what is not.

Copied: the stages' descriptions and their actions (text, element, responsible office,
audiences, channels, due date), the outreach plan (communication pieces with their channel
and audiences), the topic surveys with their options, and the hearing's evaluation
questions. Not copied: documents, citizens' questions and answers, registrations, survey
responses, forums and their comments, evaluation responses and reports, TV episodes,
bulletins, deliverables, improvement plans; nor any result of last year (statuses,
evidence, reach achieved, costs) or anything personal (the person named responsible for a
piece). Each copied action starts pending, each piece planned."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from rinde.consultations.models import Survey, SurveyOption
from rinde.evaluation.models import EvaluationForm, EvaluationQuestion
from rinde.exercises.models import Action, ActionStatus, Event, EventKind, Exercise, Stage
from rinde.outreach.models import Piece, PieceStatus


def date_shift(source: Exercise, target: Exercise, hearing: Event | None) -> timedelta:
    """How far every date moves: from last year's hearing to the new one when both exist,
    else by whole years (1 January to 1 January)."""
    old_hearing = source.events.filter(kind=EventKind.HEARING).order_by("starts_at").first()
    if hearing is not None and old_hearing is not None:
        return timezone.localdate(hearing.starts_at) - timezone.localdate(old_hearing.starts_at)
    return date(target.year, 1, 1) - date(source.year, 1, 1)


def _moved(value: date | datetime | None, shift: timedelta):
    return value + shift if value is not None else None


def copy_exercise(source: Exercise, target: Exercise, *, hearing: Event | None = None) -> dict:
    """Copy into `target` (already saved, with its stages) what this module lists; returns
    how many of each were copied, for the audit entry. The caller holds the transaction."""
    shift = date_shift(source, target, hearing)
    return {
        "actions": _copy_actions(source, target, shift),
        "pieces": _copy_pieces(source, target, shift),
        "surveys": _copy_surveys(source, target, shift),
        "evaluation_questions": _copy_evaluation(source, hearing, shift),
        "shift_days": shift.days,
    }


def _copy_actions(source: Exercise, target: Exercise, shift: timedelta) -> int:
    stages = {stage.kind: stage for stage in Stage.objects.filter(exercise=target)}
    actions = []
    for stage in Stage.objects.filter(exercise=source).prefetch_related("actions"):
        new_stage = stages[stage.kind]
        if stage.description and not new_stage.description:
            new_stage.description = stage.description
            new_stage.save(update_fields=["description"])
        for action in stage.actions.all():
            actions.append(
                Action(
                    stage=new_stage,
                    position=action.position,
                    description=action.description,
                    element=action.element,
                    department_id=action.department_id,
                    audiences=action.audiences,
                    channels=action.channels,
                    due_on=_moved(action.due_on, shift),
                    status=ActionStatus.PENDING,
                )
            )
    Action.objects.bulk_create(actions)
    return len(actions)


def _copy_pieces(source: Exercise, target: Exercise, shift: timedelta) -> int:
    count = 0
    for piece in Piece.objects.filter(exercise=source).prefetch_related("audiences"):
        copy = Piece.objects.create(
            exercise=target,
            title=piece.title,
            channel_id=piece.channel_id,
            starts_on=piece.starts_on + shift,
            ends_on=piece.ends_on + shift,
            quantity=piece.quantity,
            places=piece.places,
            planned_reach=piece.planned_reach,
            status=PieceStatus.PLANNED,
        )
        copy.audiences.set(piece.audiences.all())
        count += 1
    return count


def _copy_surveys(source: Exercise, target: Exercise, shift: timedelta) -> int:
    count = 0
    for survey in Survey.objects.filter(exercise=source).prefetch_related("options"):
        copy = Survey.objects.create(
            exercise=target,
            question=survey.question,
            multiple=survey.multiple,
            max_choices=survey.max_choices,
            allow_other=survey.allow_other,
            ask_profile=survey.ask_profile,
            requires_verified_email=survey.requires_verified_email,
            embed_hosts=survey.embed_hosts,
            opens_at=survey.opens_at + shift,
            closes_at=survey.closes_at + shift,
        )
        SurveyOption.objects.bulk_create(
            SurveyOption(survey=copy, order=o.order, label=o.label, line_id=o.line_id)
            for o in survey.options.all()
        )
        count += 1
    return count


def _copy_evaluation(source: Exercise, hearing: Event | None, shift: timedelta) -> int:
    """Last year's hearing's evaluation form and questions, onto the new hearing."""
    if hearing is None:
        return 0
    form = (
        EvaluationForm.objects.filter(event__exercise=source, event__kind=EventKind.HEARING)
        .order_by("event__starts_at")
        .prefetch_related("questions")
        .first()
    )
    if form is None:
        return 0
    copy = EvaluationForm.objects.create(
        entity_id=hearing.exercise.entity_id,
        event=hearing,
        title=form.title,
        intro=form.intro,
        based_on=form.based_on,
        opens_at=form.opens_at + shift,
        closes_at=form.closes_at + shift,
    )
    questions = [
        EvaluationQuestion(
            form=copy,
            order=q.order,
            code=q.code,
            text=q.text,
            kind=q.kind,
            required=q.required,
            options=q.options,
            scale_min=q.scale_min,
            scale_max=q.scale_max,
            maps_to_outreach=q.maps_to_outreach,
        )
        for q in form.questions.all()
    ]
    EvaluationQuestion.objects.bulk_create(questions)
    return len(questions)
