"""The panel pages that edit an evaluation form's presentation and questions (before, only
the Django admin could)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.evaluation import panel
from rinde.evaluation.models import EvaluationForm, EvaluationQuestion
from rinde.evaluation.panel_forms import DetailsForm, QuestionForm


def _form_obj(pk: int) -> EvaluationForm:
    return get_object_or_404(EvaluationForm.objects.select_related("event__exercise"), pk=pk)


@staff_view(Role.PLANNING)
@require_http_methods(["GET", "POST"])
def questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The form's title and presentation, and its questions in order."""
    form_obj = _form_obj(pk)
    details = DetailsForm(request.POST or None, instance=form_obj)
    if request.method == "POST" and details.is_valid():
        panel.save_details(form_obj, **details.cleaned_data, actor=request.user, request=request)
        messages.success(request, _("Cambios guardados."))
        return redirect("evaluation:questions", pk=pk)
    return render(
        request,
        "evaluation/panel/questions.html",
        {
            "form_obj": form_obj,
            "details": details,
            "questions": list(form_obj.questions.all()),
            "frozen": panel.is_frozen(form_obj),
        },
        status=400 if details.errors else 200,
    )


@staff_view(Role.PLANNING)
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, question_pk: int | None = None) -> HttpResponse:
    form_obj = _form_obj(pk)
    question = (
        get_object_or_404(EvaluationQuestion, pk=question_pk, form=form_obj)
        if question_pk
        else EvaluationQuestion(form=form_obj)
    )
    form = QuestionForm(request.POST or None, instance=question, form_obj=form_obj)
    if request.method == "POST" and form.is_valid():
        try:
            panel.save_question(
                form_obj,
                question if question_pk else None,
                values=form.question_values(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Pregunta guardada."))
            return redirect("evaluation:questions", pk=pk)
    return render(
        request,
        "evaluation/panel/question_form.html",
        {
            "form_obj": form_obj,
            "form": form,
            "question": question,
            "frozen": panel.is_frozen(form_obj),
        },
        status=400 if form.errors else 200,
    )


@staff_view(Role.PLANNING)
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    form_obj = _form_obj(pk)
    question = get_object_or_404(EvaluationQuestion, pk=question_pk, form=form_obj)
    if request.method == "POST":
        try:
            panel.delete_question(question, actor=request.user, request=request)
            messages.success(request, _("Pregunta eliminada."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("evaluation:questions", pk=pk)
    return render(
        request,
        "evaluation/panel/question_delete.html",
        {"form_obj": form_obj, "question": question},
    )


@staff_view(Role.PLANNING)
@require_POST
def question_move(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = get_object_or_404(
        EvaluationQuestion.objects.select_related("form"), pk=question_pk, form=_form_obj(pk)
    )
    try:
        panel.move_question(
            question, up=request.POST.get("direction") == "up", actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(f"{reverse('evaluation:questions', args=[pk])}#p{question.pk}")
