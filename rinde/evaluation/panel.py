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
def save_details(
    form_obj: EvaluationForm, *, title: str, intro: str, based_on: str, actor, request=None
) -> EvaluationForm:
    """The form's title and presentation (checked by panel_forms.DetailsForm)."""
    _require_planning(actor)
    # From the database: a validated ModelForm has already set its values on `form_obj`.
    form_obj = EvaluationForm.objects.select_for_update().get(pk=form_obj.pk)
    after = {"title": title, "intro": intro, "based_on": based_on}
    before = {field: getattr(form_obj, field) for field in after}
    for field, value in after.items():
        setattr(form_obj, field, value)
    form_obj.save()
    audit.record(
        actor=actor,
        action="evaluation.form.update",
        target=form_obj,
        changes=audit.diff(before, after),
        request=request,
    )
    refresh_public_pages()
    return form_obj


@transaction.atomic
def save_question(
    form_obj: EvaluationForm,
    question: EvaluationQuestion | None,
    *,
    values: dict,
    actor,
    request=None,
) -> EvaluationQuestion:
    """Add a question to the form (`question` None, placed last) or change one, with the
    values panel_forms.QuestionForm.question_values() checked."""
    _require_planning(actor)
    form_obj = _lock_editable(form_obj)
    created = question is None
    # From the database: a validated ModelForm has already set its values on `question`.
    question = (
        EvaluationQuestion() if question is None else EvaluationQuestion.objects.get(pk=question.pk)
    )
    before = {field: getattr(question, field) for field in values}
    for field, value in values.items():
        setattr(question, field, value)
    changes = {} if created else audit.diff(before, values)
    question.form = form_obj
    if created:
        last = form_obj.questions.aggregate(n=Max("order"))["n"] or 0
        question.order = last + 1
    question.save()
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
