"""The panel pages that set up the survey and the forum of an exercise (no Django admin)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.consultations import panel
from rinde.consultations.models import Forum, Survey
from rinde.consultations.panel_forms import ForumForm, SurveyForm
from rinde.exercises.models import Exercise


def _surveys():
    # Through the scoped Exercise: surveys and forums carry no entity key of their own.
    return Survey.objects.select_related("exercise").filter(exercise__in=Exercise.objects.all())


def _forums():
    return Forum.objects.select_related("exercise").filter(exercise__in=Exercise.objects.all())


def _edit(request, *, form, save, template: str, done: str, context: dict) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect(done)
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


def _delete(request, obj, *, remove, template: str, done: str, back: str) -> HttpResponse:
    if request.method == "POST":
        try:
            remove(obj, actor=request.user, request=request)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(back)
        messages.success(request, _("Eliminado."))
        return redirect(done)
    return render(request, template, {"obj": obj, "back": back})


@staff_view(Role.COMMUNICATIONS, Role.PLANNING)
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    survey = get_object_or_404(_surveys(), pk=pk) if pk else None
    form = SurveyForm(
        request.POST or None, instance=survey, preselect=request.GET.get("ejercicio", "")
    )
    return _edit(
        request,
        form=form,
        save=lambda form: panel.save_survey(
            form.instance,
            form.survey_values(),
            topics=form.changed_topics(),
            actor=request.user,
            request=request,
        ),
        template="consultations/panel/survey_form.html",
        done="consultations:staff_list",
        context={"survey": survey},
    )


@staff_view(Role.COMMUNICATIONS, Role.PLANNING)
@require_http_methods(["GET", "POST"])
def survey_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(_surveys(), pk=pk)
    return _delete(
        request,
        survey,
        remove=panel.delete_survey,
        template="consultations/panel/confirm_delete.html",
        done="consultations:staff_list",
        back="consultations:staff_list",
    )


@staff_view(Role.COMMUNICATIONS)
@require_http_methods(["GET", "POST"])
def forum_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    forum = get_object_or_404(_forums(), pk=pk) if pk else None
    form = ForumForm(
        request.POST or None, instance=forum, preselect=request.GET.get("ejercicio", "")
    )
    return _edit(
        request,
        form=form,
        save=lambda form: panel.save_forum(
            form.instance, form.forum_values(), actor=request.user, request=request
        ),
        template="consultations/panel/forum_form.html",
        done="consultations:moderation",
        context={"forum": forum},
    )


@staff_view(Role.COMMUNICATIONS)
@require_http_methods(["GET", "POST"])
def forum_delete(request: HttpRequest, pk: int) -> HttpResponse:
    forum = get_object_or_404(_forums(), pk=pk)
    return _delete(
        request,
        forum,
        remove=panel.delete_forum,
        template="consultations/panel/confirm_delete.html",
        done="consultations:moderation",
        back="consultations:moderation",
    )
