import hashlib
import re
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
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
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core.antispam import RATE_LIMIT_MESSAGE, FormTokenSpent, count_attempt
from rinde.core.media import private_file_response
from rinde.core.public_cache import public_page
from rinde.core.sanitize import html_for_editing
from rinde.core.search import fold, folded
from rinde.entity.calendar import work_calendar
from rinde.exercises.models import Exercise
from rinde.exercises.streams import STREAM_FRAME_HOSTS, embed_url
from rinde.questions import board as board_rules
from rinde.questions import (
    chat_import,
    exports,
    forms,
    intake_exercise,
    reporting,
    services,
    similarity,
)
from rinde.questions.figures import question_figures
from rinde.questions.models import (
    Answer,
    AnswerAttachment,
    AnswerState,
    Channel,
    Question,
    Status,
)
from rinde.questions.permissions import (
    STAFF_ROLES,
    access_question,
    can_answer,
    can_review,
    can_triage,
    questions_for,
)

PAGE_SIZE = 20
LIVE_FEED_SIZE = 30


def published_exercise(slug: str) -> Exercise:
    return get_object_or_404(Exercise.objects.published(), slug=slug)


def published_answers(with_attachments: bool = False):
    answers = Answer.objects.filter(state=AnswerState.PUBLISHED).order_by("version")
    if with_attachments:
        answers = answers.prefetch_related("attachments")
    return Prefetch(
        "answers",
        queryset=answers,
        to_attr="published_answers",
    )


# Public pages -----------------------------------------------------------------------------


def _code_as_typed(typed: str) -> str | None:
    """The stored code a person meant: read from paper or a phone, it comes with spaces or
    without its hyphen ("rc2023 2jvw44"), or only its last six symbols ("2JVW44", found
    when exactly one question ends that way)."""
    compact = re.sub(r"[\s\-–—]", "", typed.upper())
    full = re.fullmatch(r"RC(\d{4})([A-Z0-9]{6})", compact)
    if full:
        code = f"RC{full.group(1)}-{full.group(2)}"
        return code if Question.objects.filter(tracking_code=code).exists() else None
    if re.fullmatch(r"[A-Z0-9]{6}", compact):
        codes = list(
            Question.objects.filter(tracking_code__endswith="-" + compact).values_list(
                "tracking_code", flat=True
            )[:2]
        )
        return codes[0] if len(codes) == 1 else None
    return None


@require_safe
def lookup(request: HttpRequest) -> HttpResponse:
    """/preguntas/: find a question by its tracking code, or go to the current exercise's."""
    code = request.GET.get("codigo", "").strip().upper()
    error = ""
    if code:
        found = _code_as_typed(code)
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
    clock: services.Clock,
    channel: str,
    template: str,
    extra: dict,
):
    form = None
    if request.method == "POST":
        limit, per_seconds = settings.QUESTION_RATE_LIMIT
        with count_attempt(request, "ask", per_seconds=per_seconds) as attempt:
            # While the cache counts this attempt, the post is checked; the form is built
            # only when the post is refused: it says why.
            data = forms.valid_public_question(request.POST)
            allowed = attempt.within(limit)
        if not allowed:
            form = forms.PublicQuestionForm(request.POST or None)
            form.is_valid()
            form.add_error(None, RATE_LIMIT_MESSAGE)
        else:
            if data is None:
                form = forms.PublicQuestionForm(request.POST or None)
                if form.is_valid():
                    data = form.cleaned_data
            if data is not None:
                try:
                    question = services.receive_question(
                        exercise=exercise,
                        channel=channel,
                        text=data["text"],
                        asker_name=data["asker_name"],
                        asker_email=data["asker_email"],
                        publish_name=data["publish_name"],
                        data_authorized=data["data_authorized"],
                        clock=clock,
                        form_token=data["started"],
                    )
                except FormTokenSpent:
                    form = form or forms.PublicQuestionForm(request.POST)
                    form.is_valid()
                    form.refuse_spent_token()
                else:
                    # 303: the browser must GET the confirmation, never re-POST the question.
                    return HttpResponseRedirect(
                        reverse("questions:received", args=[question.tracking_code]),
                        status=303,
                    )
    if form is None:
        form = forms.PublicQuestionForm()
    return render(
        request,
        template,
        {"exercise": exercise, "form": form, **extra},
        status=200 if not form.errors else 400,
    )


def intake(slug: str) -> tuple[Exercise, services.Clock]:
    exercise, clock = services.access_intake(slug)
    if exercise is None:
        raise Http404
    return exercise, clock


@require_http_methods(["GET", "HEAD", "POST"])
def ask(request: HttpRequest, slug: str) -> HttpResponse:
    exercise, clock = intake(slug)
    newer = services.open_instead_of(exercise, timezone.localdate())
    if newer is not None:
        if request.method != "POST":
            return redirect("questions:ask", newer.slug)
        # A form left open on last year's page still reaches the exercise open now.
        exercise = newer
    return _ask(request, exercise, clock, Channel.WEB, "questions/ask.html", {})


@require_http_methods(["GET", "HEAD", "POST"])
@csp_override({**settings.SECURE_CSP, "frame-src": STREAM_FRAME_HOSTS})
def live(request: HttpRequest, slug: str) -> HttpResponse:
    exercise, clock = intake(slug)
    hearing = services.hearing_for(exercise)
    # After the hearing the page keeps its address (shared, printed on posters) but shows
    # the recording and where the written answers will appear instead of the stream.
    over = hearing is not None and hearing.ends_at <= timezone.now()
    streaming = hearing is not None and hearing.stream_url and not over
    return _ask(
        request,
        exercise,
        clock,
        Channel.LIVE,
        "questions/live.html",
        {
            "hearing": hearing,
            "hearing_over": over,
            "embed_url": embed_url(hearing.stream_url) if streaming else "",
            "recent": _recent(exercise),
        },
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
    pdf = reporting.stored_pdf(exercise)
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


# Staff pages ------------------------------------------------------------------------------

# Rows each list of the board shows (the most urgent first); its count covers them all.
BOARD_ROWS = 100


@staff_view(*STAFF_ROLES)
def staff_board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    typed = request.GET.get("codigo", "").strip()
    code_error = ""
    if typed:
        code = _code_as_typed(typed.upper())
        mine = questions_for(request.user).filter(tracking_code=code).first() if code else None
        if mine:
            return redirect("questions:staff_detail", pk=mine.pk)
        code_error = _("No hay una pregunta con el código %(code)s entre las que usted ve.") % {
            "code": typed
        }
    open_questions = questions_for(request.user).open().select_related("department", "exercise")
    # Every open question counts in overdue, due today and due soon, classified or not: one
    # left in triage runs its term too. Those with time left wait in "Por clasificar".
    board = board_rules.board_queries(open_questions, today, work_calendar(), rows=BOARD_ROWS)
    by_department = sorted(
        (name or _("Sin dependencia"), row) for name, row in board["by_department"]
    )
    return render(
        request,
        "questions/staff_board.html",
        {
            "board": board["lists"],
            "counts": board["counts"],
            "by_department": by_department,
            "today": today,
            "can_triage": can_triage(request.user),
            "typed_code": typed,
            "code_error": code_error,
        },
        status=404 if code_error else 200,
    )


@staff_view(*STAFF_ROLES)
@require_GET
def staff_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """An answer's attachment from private storage (drafts included), for whoever may see
    the question: 404 outside the person's departments, as the question itself."""
    attachment = get_object_or_404(AnswerAttachment.objects.select_related("answer"), pk=pk)
    access_question(request.user, attachment.answer.question_id)
    return private_file_response(attachment.file, download_name=attachment.original_name)


@staff_view(*STAFF_ROLES)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    return render(request, "questions/staff_detail.html", _staff_context(request, question))


def _staff_context(request, question, **forms_with_errors):
    user = request.user
    answers = list(
        question.answers.select_related("drafted_by", "reviewed_by")
        .prefetch_related("attachments")
        .order_by("version")
    )
    similar = []
    if can_triage(user) and question.status in (Status.RECEIVED, Status.ASSIGNED):
        candidates = list(
            Question.objects.public()
            .filter(exercise=question.exercise)
            .exclude(pk=question.pk)
            .order_by("-received_at")
            .values_list("pk", "text")[:500]
        )
        scores = dict(similarity.most_similar(question.text, candidates))
        similar = [(q, round(scores[q.pk] * 100)) for q in Question.objects.filter(pk__in=scores)]
        similar.sort(key=lambda item: -item[1])
    context = {
        "question": question,
        "answers": answers,
        "submitted": next((a for a in answers if a.state == AnswerState.SUBMITTED), None),
        "similar": similar,
        "can_triage": can_triage(user),
        "can_answer": can_answer(user, question),
        "can_review": can_review(user),
        "today": timezone.localdate(),
        "classify_form": forms.ClassifyForm(
            initial={
                "topic": question.topic,
                "department": question.department_id,
                "kind": question.kind,
            }
        ),
        "topics": (
            Question.objects.filter(exercise_id=question.exercise_id)
            .exclude(topic="")
            .values_list("topic", flat=True)
            .distinct()
            .order_by("topic")
            if can_triage(user)
            else []
        ),
        "reject_form": forms.RejectForm(),
        "merge_form": forms.MergeForm(),
        "hearing_form": forms.HearingAnswerForm(),
        "forward_form": forms.ForwardForm(),
        "extend_form": forms.ExtendForm(),
        # A returned draft, or the published answer to correct, is the starting point.
        "answer_form": forms.AnswerForm(
            initial={"body": html_for_editing(answers[-1].body)} if answers else None
        ),
        "review_form": forms.ReviewForm(),
        # Whether the e-mails staff actions owe the asker went (sent by the worker).
        "question_emails": question.emails.all()[:20],
    }
    context.update(forms_with_errors)
    return context


def _run_action(request, question, action: str):
    """Validate the action's form and call its service. Returns (form_name, form) on error."""
    user = request.user
    actions = {
        "classify": (
            forms.ClassifyForm,
            lambda d: services.classify_question(
                question,
                actor=user,
                department=d["department"],
                kind=d["kind"],
                topic=d["topic"],
                request=request,
            ),
        ),
        "reject": (
            forms.RejectForm,
            lambda d: services.reject_question(
                question, actor=user, reason=d["reason"], request=request
            ),
        ),
        "merge": (
            forms.MergeForm,
            lambda d: services.merge_question(
                question, into=_by_code(d["into"]), actor=user, request=request
            ),
        ),
        "hearing": (
            forms.HearingAnswerForm,
            lambda d: services.mark_answered_at_hearing(
                question, actor=user, minute=d["minute"], summary=d["summary"], request=request
            ),
        ),
        "forward": (
            forms.ForwardForm,
            lambda d: services.forward_question(
                question, actor=user, authority=d["authority"], request=request
            ),
        ),
        "extend": (
            forms.ExtendForm,
            lambda d: services.extend_deadline(
                question,
                actor=user,
                new_due_on=d["new_due_on"],
                reason=d["reason"],
                request=request,
            ),
        ),
        "answer": (
            forms.AnswerForm,
            lambda d: services.draft_answer(
                question,
                actor=user,
                body=d["body"],
                attachment=d["attachment"],
                attachment_title=d["attachment_title"],
                request=request,
            ),
        ),
        "review": (
            forms.ReviewForm,
            lambda d: services.review_answer(
                _submitted(question),
                actor=user,
                approve=d["decision"] == "approve",
                comment=d["comment"],
                request=request,
            ),
        ),
    }
    if action not in actions:
        raise Http404
    form_class, call = actions[action]
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(form.cleaned_data)
            return None
        except ValidationError as error:
            form.add_error(None, error.messages[0])
    return f"{action}_form", form


def _by_code(code: str) -> Question:
    found = _code_as_typed(code.strip().upper())
    if found is None:
        raise ValidationError(_("No existe una pregunta con ese código."))
    return Question.objects.get(tracking_code=found)


def _submitted(question: Question) -> Answer:
    answer = question.answers.filter(state=AnswerState.SUBMITTED).first()
    if answer is None:
        raise ValidationError(_("No hay una respuesta en revisión."))
    return answer


@staff_view(*STAFF_ROLES)
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    question = access_question(request.user, pk)
    # The services check role and department again; PermissionDenied becomes the 403 page.
    error = _run_action(request, question, action)
    if error is None:
        messages.success(request, _("Listo: el cambio quedó guardado y registrado."))
        # Its own fragment, so the browser does not keep the form's and scroll past the
        # message to where the form was.
        return redirect(reverse("questions:staff_detail", args=[question.pk]) + "#contenido")
    name, form = error
    question.refresh_from_db()
    return render(
        request,
        "questions/staff_detail.html",
        _staff_context(request, question, **{name: form}),
        status=400,
    )


EXERCISE_PARAM = "ejercicio"


def _intake_exercise(request: HttpRequest) -> tuple[Exercise | None, HttpResponse | None]:
    """The exercise staff register questions in, or the page that asks them to choose one
    (several are open) or says there is none."""
    exercises = intake_exercise.candidates(timezone.localdate())
    if not exercises:
        return None, render(request, "questions/no_exercise.html")
    exercise = intake_exercise.chosen(exercises, request.GET.get(EXERCISE_PARAM, ""))
    if exercise is None:
        return None, render(
            request,
            "questions/choose_exercise.html",
            {"exercises": exercises, "param": EXERCISE_PARAM, "path": request.path},
        )
    return exercise, None


@staff_view(Role.ICT, Role.PLANNING)
def staff_new(request: HttpRequest) -> HttpResponse:
    exercise, refusal = _intake_exercise(request)
    if refusal:
        return refusal
    form = forms.StaffQuestionForm(
        request.POST or None,
        initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        earliest=date(exercise.year, 1, 1),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        question = services.receive_question(
            exercise=exercise,
            channel=data["channel"],
            text=data["text"],
            asker_name=data["asker_name"],
            asker_email=data["asker_email"],
            publish_name=data["publish_name"],
            data_authorized=data["data_authorized"],
            received_at=data["received_at"],
            actor=request.user,
            request=request,
        )
        messages.success(
            request,
            _("Pregunta registrada con el código %(code)s.") % {"code": question.tracking_code},
        )
        return redirect("questions:staff_detail", pk=question.pk)
    return render(request, "questions/staff_new.html", {"form": form, "exercise": exercise})


CHAT_SESSION_KEY = "questions:chat_upload"
# Previews kept per session: one per open tab, each confirmed by its own key.
CHAT_PREVIEWS_KEPT = 5


def _chat_previews(request) -> dict[str, str]:
    previews = request.session.get(CHAT_SESSION_KEY)
    return previews if isinstance(previews, dict) else {}


@staff_view(Role.ICT, Role.PLANNING)
def chat_upload(request: HttpRequest) -> HttpResponse:
    """Upload → preview with every error → confirm: all rows in one transaction, or none."""
    exercise, refusal = _intake_exercise(request)
    if refusal:
        return refusal
    hearing = services.hearing_for(exercise)
    hearing_day = timezone.localdate(hearing.starts_at) if hearing else timezone.localdate()
    tz = timezone.get_current_timezone()
    if request.method == "POST" and request.POST.get("confirm"):
        previews = _chat_previews(request)
        preview_key = request.POST.get("preview", "")
        stored = previews.get(preview_key)
        if not stored:
            messages.error(request, _("La vista previa venció. Suba el archivo otra vez."))
            return redirect(request.get_full_path())
        rows, errors = chat_import.parse_chat_text(stored, hearing_day)
        if errors:
            return redirect(request.get_full_path())
        with transaction.atomic():
            # Checked again inside the transaction: the same file may have been confirmed
            # from another tab since the preview.
            repeated = services.chat_rows_already_stored(exercise, rows, tz)
            # Lines ICT marked in the preview as not questions (greetings, thanks).
            omitted = {int(n) for n in request.POST.getlist("omitir") if n.isdigit()}
            new_rows = [row for row in rows if row.line not in repeated | omitted]
            for row in new_rows:
                services.receive_question(
                    exercise=exercise,
                    event=hearing,
                    channel=Channel.CHAT,
                    text=row.text,
                    asker_name=row.author,
                    received_at=row.sent_at.replace(tzinfo=tz),
                    actor=request.user,
                    request=request,
                )
        del previews[preview_key]
        request.session[CHAT_SESSION_KEY] = previews
        message = _("Se registraron %(n)d preguntas del chat.") % {"n": len(new_rows)}
        if repeated:
            message += " " + _("%(n)d comentarios ya estaban registrados y no se repitieron.") % {
                "n": len(repeated)
            }
        skipped = len(omitted & {row.line for row in rows} - repeated)
        if skipped:
            message += " " + _("%(n)d líneas marcadas como «no es pregunta» no se registraron.") % {
                "n": skipped
            }
        messages.success(request, message)
        return redirect("questions:staff_board")
    form = forms.ChatUploadForm(request.POST or None, request.FILES or None)
    rows, errors, repeated, encoding, preview_key = [], [], set(), "", ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(chat_import.MAX_BYTES + 1)
        rows, errors = chat_import.parse_chat_csv(data, hearing_day)
        if rows and not errors:
            text, encoding = chat_import.decode_csv(data)
            # The confirm button names this preview: a file previewed in another tab since
            # must not be the one registered.
            preview_key = hashlib.sha256(text.encode()).hexdigest()[:16]
            previews = _chat_previews(request)
            previews.pop(preview_key, None)
            previews[preview_key] = text
            request.session[CHAT_SESSION_KEY] = dict(list(previews.items())[-CHAT_PREVIEWS_KEPT:])
            repeated = services.chat_rows_already_stored(exercise, rows, tz)
    return render(
        request,
        "questions/chat_upload.html",
        {
            "form": form,
            "rows": rows,
            "errors": errors,
            "repeated": repeated,
            "new_count": len(rows) - len(repeated),
            "encoding": encoding,
            "preview_key": preview_key,
            "exercise": exercise,
        },
        status=400 if errors else 200,
    )
