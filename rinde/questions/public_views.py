"""Public pages of citizens' questions: ask (the form and the live page), find and read a
question, the public list and the answers report."""

from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Value
from django.db.models.functions import Concat
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_safe

from rinde.core.antispam import RATE_LIMIT_MESSAGE, FormTokenSpent, check_rate_limit
from rinde.core.public_cache import public_page
from rinde.core.search import fold, folded
from rinde.entity.calendar import work_calendar
from rinde.exercises.models import Event, Exercise
from rinde.exercises.streams import STREAM_FRAME_HOSTS, embed_url
from rinde.questions import exports, forms, intake, report_pdfs, reporting
from rinde.questions.figures import question_figures
from rinde.questions.models import Answer, AnswerState, Channel, Question, Status
from rinde.questions.tracking_codes import code_as_typed

PAGE_SIZE = 20
LIVE_FEED_SIZE = 30


def published_exercise(slug: str) -> Exercise:
    return get_object_or_404(Exercise.objects.published(), slug=slug)


def published_answers(with_attachments: bool = False) -> Prefetch:
    answers = Answer.objects.filter(state=AnswerState.PUBLISHED).order_by("version")
    if with_attachments:
        answers = answers.prefetch_related("attachments")
    return Prefetch("answers", queryset=answers, to_attr="published_answers")


@require_safe
def lookup(request: HttpRequest) -> HttpResponse:
    """/preguntas/: find a question by its tracking code, or go to the current exercise's."""
    code = request.GET.get("codigo", "").strip().upper()
    error = ""
    if code:
        found = code_as_typed(code)
        if found:
            return redirect("questions:detail", code=found)
        error = _(
            "No encontramos una pregunta con el código %(code)s. Revíselo: tiene la forma RC2023-ABC123."
        ) % {"code": code}
    exercises = Exercise.objects.published().order_by("-year")
    return render(
        request,
        "questions/lookup.html",
        {"code": code, "error": error, "exercises": exercises},
        status=404 if error else 200,
    )


@require_safe
@public_page
def question_list(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = published_exercise(slug)
    base = Question.objects.public().filter(exercise=exercise)
    topics = base.exclude(topic="").values_list("topic", flat=True).distinct().order_by("topic")
    public_statuses = [
        (s.value, s.label) for s in Status if s not in (Status.REJECTED, Status.MERGED)
    ]
    form = forms.PublicFilterForm(
        request.GET or None, topics=list(topics), statuses=public_statuses
    )
    questions = base.for_list().prefetch_related(published_answers())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            # Accents and case do not matter: "via" finds "vía", "CUANTO" finds "cuánto".
            # Only the published text: a search must not find a hidden phone or e-mail.
            questions = questions.alias(
                searched=folded(Concat("public_text", Value(" "), "topic"))
            ).filter(searched__contains=fold(data["q"]))
        if data["topic"]:
            questions = questions.filter(topic=data["topic"])
        if data["department"]:
            questions = questions.filter(department=data["department"])
        if data["status"]:
            questions = questions.filter(status=data["status"])
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    today = timezone.localdate()
    return render(
        request,
        "questions/list.html",
        {
            "exercise": exercise,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "figures": question_figures(base, work_calendar(), today),
            "today": today,
        },
    )


def _ask(
    request: HttpRequest,
    exercise: Exercise,
    clock: intake.Clock,
    channel: str,
    template: str,
    page_context: Callable[[], dict],
    hearing: Event | None = None,
) -> HttpResponse:
    """The question form of the ask and live pages: shown, or posted and stored.
    `page_context` gives the rest of the page's context, and runs only when the page is
    rendered: a stored question is answered with a redirect, and during a hearing that is
    a hundred posts a second (the live page's question list, built for every post, sorted
    all the exercise's questions each time: bench/hearing_day.py)."""
    if request.method != "POST":
        form = forms.PublicQuestionForm()
        return render(request, template, {"exercise": exercise, "form": form, **page_context()})
    form = forms.PublicQuestionForm(request.POST)
    limit, per_seconds = settings.QUESTION_RATE_LIMIT
    allowed = check_rate_limit(request, "ask", limit=limit, per_seconds=per_seconds)
    if form.is_valid() and allowed:
        data = form.cleaned_data
        try:
            question = intake.receive_question(
                exercise=exercise,
                channel=channel,
                text=data["text"],
                asker_name=data["asker_name"],
                asker_email=data["asker_email"],
                publish_name=data["publish_name"],
                data_authorized=data["data_authorized"],
                clock=clock,
                event=hearing,
                form_token=form.form_token,
            )
        except FormTokenSpent:
            form.refuse_spent_token()
        else:
            # 303: the browser must GET the confirmation, never re-POST the question.
            return HttpResponseRedirect(
                reverse("questions:received", args=[question.tracking_code]), status=303
            )
    if not allowed:
        form.add_error(None, RATE_LIMIT_MESSAGE)
    return render(
        request, template, {"exercise": exercise, "form": form, **page_context()}, status=400
    )


def _open_for_questions(slug: str) -> tuple[Exercise, intake.Clock]:
    exercise, clock = intake.access_intake(slug)
    if exercise is None:
        raise Http404
    return exercise, clock


@require_http_methods(["GET", "HEAD", "POST"])
def ask(request: HttpRequest, slug: str) -> HttpResponse:
    exercise, clock = _open_for_questions(slug)
    newer = intake.open_instead_of(exercise, timezone.localdate())
    if newer is not None:
        if request.method != "POST":
            return redirect("questions:ask", newer.slug)
        # A form left open on last year's page still reaches the exercise open now.
        exercise = newer
    return _ask(request, exercise, clock, Channel.WEB, "questions/ask.html", dict)


@require_http_methods(["GET", "HEAD", "POST"])
@csp_override({**settings.SECURE_CSP, "frame-src": STREAM_FRAME_HOSTS})
def live(request: HttpRequest, slug: str) -> HttpResponse:
    exercise, clock = _open_for_questions(slug)
    hearing = intake.hearing_for(exercise)
    # After the hearing the page keeps its address (shared, printed on posters) but shows
    # the recording and where the written answers will appear instead of the stream.
    over = hearing is not None and hearing.ends_at <= timezone.now()
    streaming = hearing is not None and hearing.stream_url and not over

    def page_context() -> dict:
        return {
            "hearing": hearing,
            "hearing_over": over,
            "embed_url": embed_url(hearing.stream_url) if streaming else "",
            "recent": _recent(exercise),
        }

    return _ask(
        request, exercise, clock, Channel.LIVE, "questions/live.html", page_context, hearing
    )


def _recent(exercise: Exercise):
    return list(
        Question.objects.public()
        .filter(exercise=exercise)
        .order_by("-received_at", "-pk")
        .only(
            "tracking_code", "public_text", "received_at", "status", "publish_name", "asker_name"
        )[:LIVE_FEED_SIZE]
    )


@require_safe
@cache_page(5)
def live_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The list of questions beside the stream: polled by htmx, answered 304 by ETag when
    nothing changed (ConditionalGetMiddleware), and rendered at most every 5 seconds per
    process however many people watch (cached here and by any proxy)."""
    exercise = published_exercise(slug)
    return render(
        request, "questions/live.html#feed", {"exercise": exercise, "recent": _recent(exercise)}
    )


def _rejected(request: HttpRequest, question: Question) -> HttpResponse:
    """A rejected question (spam, insults, publicity) keeps its tracking page for whoever
    holds the code, but the page shows its status only, never its text, and asks search
    engines not to index it."""
    response = render(request, "questions/rejected.html", {"question": question})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def received(request: HttpRequest, code: str) -> HttpResponse:
    question = get_object_or_404(
        Question.objects.select_related("exercise"), tracking_code=code.upper()
    )
    if question.status == Status.REJECTED:
        return _rejected(request, question)
    return render(request, "questions/received.html", {"question": question})


@require_safe
def detail(request: HttpRequest, code: str) -> HttpResponse:
    question = get_object_or_404(
        Question.objects.select_related("exercise", "department", "merged_into").prefetch_related(
            published_answers(with_attachments=True)
        ),
        tracking_code=code.upper(),
    )
    if question.status == Status.REJECTED:
        return _rejected(request, question)
    return render(
        request, "questions/detail.html", {"question": question, "today": timezone.localdate()}
    )


@require_safe
@public_page
def answers_report(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    """Informe de respuestas (Res. 1519 Anexo 2, item 4.7): every question and its answer,
    as a page and a spreadsheet, cached like every public page (the PDF: answers_report_pdf)."""
    exercise = published_exercise(slug)
    context = reporting.report_context(exercise)
    if fmt == "xlsx":
        response = HttpResponse(
            exports.answers_xlsx(context["questions"]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="informe-respuestas-{exercise.year}.xlsx"'
        )
        return response
    return render(request, "questions/report.html", context)


@require_safe
def answers_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The report's PDF as the worker last stored it: a request never renders it (see
    reporting). Before the first one is ready, a page says so and links to the HTML report."""
    exercise = published_exercise(slug)
    pdf = report_pdfs.answers_report_pdf(exercise)
    if pdf.file:
        try:
            response = FileResponse(
                pdf.file.open("rb"),
                content_type="application/pdf",
                as_attachment=False,
                filename=f"informe-respuestas-{exercise.year}.pdf",
            )
        except FileNotFoundError:  # replaced by a newer render between two reads
            pass
        else:
            response["ETag"] = f'"{pdf.fingerprint}"'
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
            return response
    response = render(request, "questions/report_pending.html", {"exercise": exercise}, status=503)
    response["Retry-After"] = "30"
    return response
