import io

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core import charts
from rinde.core.antispam import RATE_LIMIT_MESSAGE, FormTokenSpent, check_rate_limit
from rinde.evaluation import figures, reporting, services
from rinde.evaluation.forms import WindowForm, make_answer_form
from rinde.evaluation.models import Answer, EvaluationForm, EvaluationReport
from rinde.evaluation.results import average, distribution
from rinde.exercises.models import Event, EventKind, Exercise

COOKIE_SALT = "rinde.evaluation.answered"
# A hearing's audience often shares one Wi-Fi address: the limit only stops floods.
ANSWER_LIMIT, ANSWER_PERIOD = 300, 60 * 10


def cookie_name(form: EvaluationForm) -> str:
    return f"rinde_eval_{form.pk}"


def has_answered(request: HttpRequest, form: EvaluationForm) -> bool:
    return request.get_signed_cookie(cookie_name(form), default=None, salt=COOKIE_SALT) == "1"


def form_of(exercise: Exercise) -> EvaluationForm | None:
    """The evaluation form of the exercise's latest event, or None until staff create it."""
    return (
        EvaluationForm.objects.filter(event__exercise=exercise)
        .select_related("event__exercise")
        .order_by("-event__starts_at")
        .first()
    )


def hearing_form(slug: str) -> EvaluationForm:
    form = form_of(get_object_or_404(Exercise.objects.published(), slug=slug))
    if form is None:
        raise Http404
    return form


def _not_scheduled(request: HttpRequest, exercise: Exercise) -> HttpResponse:
    """A new exercise's page links to its evaluation before the form exists: say when it
    will open (at the hearing, when the hearing has a date)."""
    hearing = (
        Event.objects.filter(exercise=exercise, kind=EventKind.HEARING)
        .order_by("starts_at")
        .first()
    )
    return render(
        request, "evaluation/not_scheduled.html", {"exercise": exercise, "hearing": hearing}
    )


def result_rows(form: EvaluationForm, *, include_private_text: bool):
    """[(question, [(label, count)], average, svg, texts)] for the results page."""
    questions = list(form.questions.all())
    answers = list(Answer.objects.filter(response__form=form))
    by_question: dict[int, list[Answer]] = {}
    for a in answers:
        by_question.setdefault(a.question_id, []).append(a)
    rows = []
    for q in questions:
        mine = by_question.get(q.pk, [])
        texts = [a for a in mine if a.text and (include_private_text or a.text_is_public)]
        if q.kind == "text":
            rows.append((q, [], None, "", texts))
            continue
        counts = [(label, count) for _code, label, count in distribution(q, mine)]
        svg = charts.bars_svg(
            counts,
            title=q.text,
            description=_(
                "Número de respuestas por opción; la tabla de al lado tiene las mismas cifras."
            ),
            chart_id=f"q{q.pk}",
            # Several options per person: the share is of the people who answered it.
            total=sum(1 for a in mine if a.choices) if q.kind == "multiple" else None,
        )
        rows.append((q, counts, average(q, mine) if q.kind == "scale" else None, svg, texts))
    return rows


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    form_obj = form_of(exercise)
    if form_obj is None:
        return _not_scheduled(request, exercise)
    now = timezone.now()
    if form_obj.is_closed(now):
        # Results appear only once the form closes (nobody reacts to live results).
        return render(
            request,
            "evaluation/results.html",
            {
                "form_obj": form_obj,
                "rows": result_rows(form_obj, include_private_text=False),
                "responses": form_obj.responses.count(),
            },
        )
    if not form_obj.is_open(now):
        return render(request, "evaluation/not_open.html", {"form_obj": form_obj})
    if has_answered(request, form_obj):
        return render(request, "evaluation/thanks.html", {"form_obj": form_obj, "already": True})
    questions = list(form_obj.questions.all())
    form = make_answer_form(questions, public=True)(request.POST or None)
    if request.method == "POST":
        if not check_rate_limit(
            request, f"evaluation:{form_obj.pk}", limit=ANSWER_LIMIT, per_seconds=ANSWER_PERIOD
        ):
            form.is_valid()
            form.add_error(None, RATE_LIMIT_MESSAGE)
        elif form.is_valid():
            try:
                services.submit_response(
                    form_obj, data=form.cleaned_data, form_token=form.form_token
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            except FormTokenSpent:
                form.refuse_spent_token()
            else:
                response = HttpResponseRedirect(
                    reverse("evaluation:thanks", args=[slug]), status=303
                )
                response.set_signed_cookie(
                    cookie_name(form_obj),
                    "1",
                    salt=COOKIE_SALT,
                    max_age=60 * 60 * 24 * 365,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
                return response
    return render(
        request,
        "evaluation/answer.html",
        {"form_obj": form_obj, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "evaluation/thanks.html", {"form_obj": hearing_form(slug)})


@require_safe
def short_link(request: HttpRequest, slug: str) -> HttpResponse:
    # The entity's own exercise only: another entity's address is a 404 here, not a redirect.
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    return redirect("evaluation:answer", slug=exercise.slug)


@require_safe
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    report = (
        EvaluationReport.objects.filter(exercise=exercise, state=EvaluationReport.State.PUBLISHED)
        .select_related("document")
        .order_by("-version")
        .first()
    )
    if report is None:
        # The exercise page links here from the start; the report comes after the hearing.
        return render(request, "evaluation/report_pending.html", {"exercise": exercise})
    return render(request, "evaluation/report.html", reporting.context_for(report))


# Staff ------------------------------------------------------------------------------------


@staff_view(Role.PLANNING)
def staff_list(request: HttpRequest) -> HttpResponse:
    events = (
        Event.objects.filter(exercise__in=Exercise.objects.all())
        .select_related("exercise")
        .order_by("-starts_at")
    )
    forms = {f.event_id: f for f in EvaluationForm.objects.all()}
    if request.method == "POST":
        event = get_object_or_404(events, pk=request.POST.get("event"))
        try:
            form = services.create_form(event=event, actor=request.user, request=request)
            messages.success(
                request,
                _(
                    "Formato creado con la plantilla de Función Pública; revíselo y ajuste la ventana."
                ),
            )
            return redirect("evaluation:staff_form", pk=form.pk)
        except ValidationError as error:
            messages.error(request, error.messages[0])
    return render(
        request,
        "evaluation/staff_list.html",
        {
            "rows": [(e, forms.get(e.pk)) for e in events],
            "exercises": Exercise.objects.order_by("-year"),
            "hearing_kind": EventKind.HEARING,
        },
    )


@staff_view(Role.PLANNING)
def staff_form(request: HttpRequest, pk: int) -> HttpResponse:
    form_obj = get_object_or_404(EvaluationForm.objects.select_related("event__exercise"), pk=pk)
    window = WindowForm(
        request.POST or None,
        initial={
            "opens_at": timezone.localtime(form_obj.opens_at).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": timezone.localtime(form_obj.closes_at).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    if request.method == "POST" and window.is_valid():
        services.set_window(
            form_obj,
            actor=request.user,
            opens_at=window.cleaned_data["opens_at"],
            closes_at=window.cleaned_data["closes_at"],
            request=request,
        )
        messages.success(request, _("Ventana guardada."))
        return redirect("evaluation:staff_form", pk=form_obj.pk)
    closed = form_obj.is_closed()
    public_url = request.build_absolute_uri(
        reverse("evaluation:short", args=[form_obj.event.exercise.slug])
    )
    return render(
        request,
        "evaluation/staff_form.html",
        {
            "form_obj": form_obj,
            "window": window,
            "closed": closed,
            "public_url": public_url,
            "responses": form_obj.responses.count(),
            "paper": form_obj.responses.filter(channel="paper").count(),
            # Staff too see results only after closing (as CONSUL does).
            "rows": result_rows(form_obj, include_private_text=True) if closed else None,
        },
        status=400 if window.errors else 200,
    )


@staff_view(Role.PLANNING)
def staff_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    form_obj = get_object_or_404(EvaluationForm.objects.select_related("event__exercise"), pk=pk)
    url = request.build_absolute_uri(
        reverse("evaluation:short", args=[form_obj.event.exercise.slug])
    )
    qr = segno.make(url, error="m")

    buffer = io.BytesIO()
    if fmt == "svg":
        qr.save(buffer, kind="svg", scale=10, title=_("Código QR del formato de evaluación"))
        content_type = "image/svg+xml"
    elif fmt == "png":
        qr.save(buffer, kind="png", scale=12)
        content_type = "image/png"
    else:
        raise Http404
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="evaluacion-{form_obj.event.exercise.year}.{fmt}"'
    )
    return response


@staff_view(Role.PLANNING)
def staff_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Keyboard-first entry of paper forms: the sheet number first, then the answers; after
    saving, the same screen again, empty, with the counter up by one."""
    form_obj = get_object_or_404(EvaluationForm.objects.select_related("event__exercise"), pk=pk)
    questions = list(form_obj.questions.all())
    form = make_answer_form(questions, public=False)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sheet = data.pop("sheet_number")
        try:
            services.enter_paper_response(
                form_obj, data=data, sheet_number=sheet, actor=request.user, request=request
            )
            messages.success(request, _("Hoja %(n)d guardada.") % {"n": sheet})
            return redirect("evaluation:staff_paper", pk=form_obj.pk)
        except ValidationError as error:
            form.add_error("sheet_number", error.messages[0])
    return render(
        request,
        "evaluation/staff_paper.html",
        {
            "form_obj": form_obj,
            "form": form,
            "entered": form_obj.responses.filter(channel="paper").count(),
        },
        status=400 if form.errors else 200,
    )


@staff_view(Role.PLANNING)
@require_POST
def staff_text(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    answer_obj = get_object_or_404(
        Answer.objects.select_related("response__form"),
        pk=answer_pk,
        # Through the scoped form: an answer carries no entity key of its own.
        response__form__in=EvaluationForm.objects.filter(pk=pk),
    )
    services.set_text_public(
        answer_obj, public=request.POST.get("public") == "1", actor=request.user, request=request
    )
    return redirect(reverse("evaluation:staff_form", args=[pk]) + "#textos")


@staff_view(Role.PLANNING)
def staff_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Draft from the exercise's own figures, a narrative per section, publish (figures frozen,
    PDF in the background); a published report changes only through a new version."""
    exercise = get_object_or_404(Exercise, slug=slug)
    report = EvaluationReport.objects.filter(exercise=exercise).order_by("-version").first()
    if request.method == "POST" and (report is None or request.POST.get("new_version")):
        services.start_report(exercise=exercise, actor=request.user, request=request)
        return redirect("evaluation:staff_report", slug=slug)
    live = figures.collect(exercise)
    if request.method == "POST" and report.state == EvaluationReport.State.DRAFT:
        keys = ["intro", *[k for k, _t, _f in figures.SECTIONS]]
        narrative = {key: request.POST.get(f"n_{key}", "").strip()[:5000] for key in keys}
        services.save_narrative(report, actor=request.user, narrative=narrative, request=request)
        if request.POST.get("publish"):
            services.publish_report(report, actor=request.user, figures=live, request=request)
            messages.success(request, _("Informe publicado. El PDF se genera en segundo plano."))
        else:
            messages.success(request, _("Borrador guardado."))
        return redirect("evaluation:staff_report", slug=slug)
    sections = []
    if report is not None:
        shown = live if report.state == EvaluationReport.State.DRAFT else report.figures
        sections = [
            (key, title, shown.get(key), report.narrative.get(key, ""))
            for key, title, _fn in figures.SECTIONS
        ]
    return render(
        request,
        "evaluation/staff_report.html",
        {
            "exercise": exercise,
            "report": report,
            "sections": sections,
            "intro": report.narrative.get("intro", "") if report else "",
        },
    )
