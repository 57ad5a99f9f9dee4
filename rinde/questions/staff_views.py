"""Staff pages of citizens' questions: the board, a question's page, one view per action
taken on it (each its own URL), and typing in a question received on paper or by e-mail.
The chat import is chat_views."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core.media import private_file_response
from rinde.core.sanitize import html_for_editing
from rinde.entity.calendar import work_calendar
from rinde.exercises.models import Exercise
from rinde.questions import board as board_rules
from rinde.questions import forms, intake, intake_exercise, services, similarity
from rinde.questions.models import Answer, AnswerAttachment, AnswerState, Question, Status
from rinde.questions.permissions import (
    QUESTION_STAFF_ROLES,
    access_question,
    can_answer,
    can_review,
    can_triage,
    questions_for,
)
from rinde.questions.tracking_codes import code_as_typed

# Rows each list of the board shows (the most urgent first); its count covers them all.
BOARD_ROWS = 100


@staff_view(*QUESTION_STAFF_ROLES)
def staff_board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    typed = request.GET.get("codigo", "").strip()
    code_error = ""
    if typed:
        code = code_as_typed(typed.upper())
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


@staff_view(*QUESTION_STAFF_ROLES)
@require_GET
def staff_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """An answer's attachment from private storage (drafts included), for whoever may see
    the question: 404 outside the person's departments, as the question itself."""
    attachment = get_object_or_404(AnswerAttachment.objects.select_related("answer"), pk=pk)
    access_question(request.user, attachment.answer.question_id)
    return private_file_response(attachment.file, download_name=attachment.original_name)


@staff_view(*QUESTION_STAFF_ROLES)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    return render(request, "questions/staff_detail.html", _staff_context(request, question))


def _staff_context(request: HttpRequest, question: Question, **forms_with_errors) -> dict:
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


# Actions on a question -------------------------------------------------------------------
# Each validates its form and calls one service, which checks the role and department again
# (PermissionDenied becomes the 403 page). A refused form comes back on the question's page
# with its errors, status 400.


def _saved(request: HttpRequest, question: Question) -> HttpResponse:
    messages.success(request, _("Listo: el cambio quedó guardado y registrado."))
    # Its own fragment, so the browser does not keep the form's and scroll past the message
    # to where the form was.
    return redirect(reverse("questions:staff_detail", args=[question.pk]) + "#contenido")


def _refused(request: HttpRequest, question: Question, form_name: str, form) -> HttpResponse:
    question.refresh_from_db()
    context = _staff_context(request, question, **{form_name: form})
    return render(request, "questions/staff_detail.html", context, status=400)


@staff_view(*QUESTION_STAFF_ROLES)
@require_POST
def classify(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    form = forms.ClassifyForm(request.POST)
    if form.is_valid():
        try:
            services.classify_question(
                question,
                actor=request.user,
                department=form.cleaned_data["department"],
                kind=form.cleaned_data["kind"],
                topic=form.cleaned_data["topic"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return _saved(request, question)
    return _refused(request, question, "classify_form", form)


@staff_view(*QUESTION_STAFF_ROLES)
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    form = forms.RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_question(
                question, actor=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return _saved(request, question)
    return _refused(request, question, "reject_form", form)


@staff_view(*QUESTION_STAFF_ROLES)
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    form = forms.MergeForm(request.POST)
    if form.is_valid():
        try:
            services.merge_question(
                question,
                into=_by_code(form.cleaned_data["into"]),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return _saved(request, question)
    return _refused(request, question, "merge_form", form)


def _by_code(code: str) -> Question:
    found = code_as_typed(code.strip().upper())
    if found is None:
        raise ValidationError(_("No existe una pregunta con ese código."))
    return Question.objects.get(tracking_code=found)


@staff_view(*QUESTION_STAFF_ROLES)
@require_POST
def answered_at_hearing(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    form = forms.HearingAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.mark_answered_at_hearing(
                question,
                actor=request.user,
                minute=form.cleaned_data["minute"],
                summary=form.cleaned_data["summary"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return _saved(request, question)
    return _refused(request, question, "hearing_form", form)


@staff_view(*QUESTION_STAFF_ROLES)
@require_POST
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    form = forms.ForwardForm(request.POST)
    if form.is_valid():
        try:
            services.forward_question(
                question,
                actor=request.user,
                authority=form.cleaned_data["authority"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return _saved(request, question)
    return _refused(request, question, "forward_form", form)


@staff_view(*QUESTION_STAFF_ROLES)
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    form = forms.ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.extend_deadline(
                question,
                actor=request.user,
                new_due_on=form.cleaned_data["new_due_on"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return _saved(request, question)
    return _refused(request, question, "extend_form", form)


@staff_view(*QUESTION_STAFF_ROLES)
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    form = forms.AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.draft_answer(
                question,
                actor=request.user,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
                attachment_title=form.cleaned_data["attachment_title"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return _saved(request, question)
    return _refused(request, question, "answer_form", form)


@staff_view(*QUESTION_STAFF_ROLES)
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    question = access_question(request.user, pk)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_answer(
                _submitted(question),
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return _saved(request, question)
    return _refused(request, question, "review_form", form)


def _submitted(question: Question) -> Answer:
    answer = question.answers.filter(state=AnswerState.SUBMITTED).first()
    if answer is None:
        raise ValidationError(_("No hay una respuesta en revisión."))
    return answer


# Questions typed in by staff -------------------------------------------------------------

EXERCISE_PARAM = "ejercicio"


def exercise_for_staff_entry(request: HttpRequest) -> tuple[Exercise | None, HttpResponse | None]:
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
    exercise, refusal = exercise_for_staff_entry(request)
    if refusal:
        return refusal
    form = forms.StaffQuestionForm(
        request.POST or None,
        initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        earliest=date(exercise.year, 1, 1),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        question = intake.receive_question(
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
