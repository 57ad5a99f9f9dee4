"""Editing an evaluation form's questions from the panel: only while nobody has answered
(answers given to one question must not be counted under another)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.evaluation.models import EvaluationForm, EvaluationQuestion


def _require_planning(actor) -> None:
    if not permissions.has_role(actor, Role.PLANNING):
        raise PermissionDenied("role")


def is_frozen(form_obj: EvaluationForm) -> bool:
    return form_obj.responses.exists()


def _lock_editable(form_obj: EvaluationForm) -> EvaluationForm:
    """Lock the form's row so two edits of its questions (two moves) run one after the
    other, and refuse any edit once the form has answers."""
    locked = EvaluationForm.objects.select_for_update().get(pk=form_obj.pk)
    if is_frozen(locked):
        raise ValidationError(_("Este formato ya tiene respuestas: sus preguntas ya no cambian."))
    return locked


@transaction.atomic
def save_details(details_form, *, actor, request=None) -> EvaluationForm:
    _require_planning(actor)
    changes = audit.form_changes(details_form)
    form_obj = details_form.save()
    audit.record(
        actor=actor,
        action="evaluation.form.update",
        target=form_obj,
        changes=changes,
        request=request,
    )
    refresh_public_pages()
    return form_obj


@transaction.atomic
def save_question(question_form, *, actor, request=None) -> EvaluationQuestion:
    _require_planning(actor)
    form_obj = _lock_editable(question_form.form_obj)
    question = question_form.instance
    created = question.pk is None
    changes = {} if created else audit.form_changes(question_form)
    question.form = form_obj
    if created:
        last = form_obj.questions.aggregate(n=Max("order"))["n"] or 0
        question.order = last + 1
    question = question_form.save()
    if question.maps_to_outreach:
        # One "how did you hear about it?" per form is compared with the outreach plan.
        form_obj.questions.exclude(pk=question.pk).update(maps_to_outreach=False)
    audit.record(
        actor=actor,
        action=f"evaluation.question.{'create' if created else 'update'}",
        target=form_obj,
        changes={"question": question.code, **changes},
        request=request,
    )
    refresh_public_pages()
    return question


@transaction.atomic
def delete_question(question: EvaluationQuestion, *, actor, request=None) -> None:
    _require_planning(actor)
    form_obj = _lock_editable(question.form)
    audit.record(
        actor=actor,
        action="evaluation.question.delete",
        target=form_obj,
        changes={"question": question.code, "text": question.text},
        request=request,
    )
    question.delete()
    refresh_public_pages()


@transaction.atomic
def move_question(question: EvaluationQuestion, *, up: bool, actor, request=None) -> None:
    """Swap a question with its neighbour; (form, order) is unique, so the swap passes
    through a free number past the last."""
    _require_planning(actor)
    form_obj = _lock_editable(question.form)
    siblings = form_obj.questions.order_by("order")
    neighbour = (
        siblings.filter(order__lt=question.order).last()
        if up
        else siblings.filter(order__gt=question.order).first()
    )
    if neighbour is None:
        return
    mine, theirs = question.order, neighbour.order
    free = (siblings.aggregate(n=Max("order"))["n"] or 0) + 1
    EvaluationQuestion.objects.filter(pk=question.pk).update(order=free)
    EvaluationQuestion.objects.filter(pk=neighbour.pk).update(order=mine)
    EvaluationQuestion.objects.filter(pk=question.pk).update(order=theirs)
    audit.record(
        actor=actor,
        action="evaluation.question.move",
        target=form_obj,
        changes={"question": question.code, "order": [mine, theirs]},
        request=request,
    )
    refresh_public_pages()
