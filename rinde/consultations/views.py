from xml.sax.saxutils import escape  # nosec B406 # escapes text, parses no XML

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.consultations import confirmation, embed, services
from rinde.consultations.forms import SurveyAnswerForm
from rinde.consultations.models import (
    AgeRange,
    Comment,
    Forum,
    ParticipantKind,
    PopulationGroup,
    Survey,
    SurveyResponse,
)
from rinde.core import charts
from rinde.core.antispam import (
    RATE_LIMIT_MESSAGE,
    FormTokenSpent,
    check_rate_limit,
    sign_start,
)
from rinde.core.streaming import csv_response, xlsx_response
from rinde.exercises.models import Exercise

COOKIE_SALT = "rinde.survey.answered"
ANSWER_LIMIT, ANSWER_PERIOD = 100, 60 * 10
# Answers that send a confirmation e-mail (a survey that counts one answer per confirmed
# address), per client address and across surveys: each one mails whatever address was
# typed, so this bounds how much mail one connection can make Rinde send to others.
MAIL_LIMIT, MAIL_PERIOD = 5, 60 * 60
# Groups this small are shown as "<5" so nobody can be singled out (sensitive data).
SMALL_CELL = 5


def published_exercise(slug: str) -> Exercise:
    return get_object_or_404(Exercise.objects.published(), slug=slug)


def survey_of(exercise: Exercise) -> Survey | None:
    """The exercise's survey (the latest to open), or None while staff have not set it up."""
    return (
        Survey.objects.filter(exercise=exercise)
        .select_related("exercise")
        .order_by("-opens_at")
        .first()
    )


def current_survey(slug: str) -> Survey:
    survey = survey_of(published_exercise(slug))
    if survey is None:
        raise Http404
    return survey


def _cookie(survey: Survey) -> str:
    return f"rinde_survey_{survey.pk}"


def _survey_page(request: HttpRequest, slug: str, *, embedded: bool) -> HttpResponse:
    exercise = published_exercise(slug)
    survey = survey_of(exercise)
    base = "consultations/embed.html" if embedded else "base.html"
    if survey is None:
        # A new exercise's page links here before staff set the survey up: say so.
        return render(
            request, "consultations/not_scheduled.html", {"exercise": exercise, "base": base}
        )
    if survey.is_closed():
        return render(
            request,
            "consultations/results.html",
            {"survey": survey, "base": base, **_results_context(survey)},
        )
    if not survey.is_open():
        return render(request, "consultations/not_open.html", {"survey": survey, "base": base})
    answered = request.get_signed_cookie(_cookie(survey), default=None, salt=COOKIE_SALT) == "1"
    if answered:
        return render(
            request, "consultations/thanks.html", {"survey": survey, "base": base, "already": True}
        )
    form = SurveyAnswerForm(request.POST or None, survey=survey)
    status = 200
    if request.method == "POST" and embedded and not _sealed(request, survey):
        # The widget's stand-in for CSRF failed: a forged, expired or other form's seal.
        form.is_valid()
        form.data = form.data.copy()
        form.data["started"] = sign_start()
        form.add_error(None, EMBED_SEAL_MESSAGE)
        status = 403
    elif request.method == "POST":
        if not check_rate_limit(
            request, f"survey:{survey.pk}", limit=ANSWER_LIMIT, per_seconds=ANSWER_PERIOD
        ):
            form.is_valid()
            form.add_error(None, RATE_LIMIT_MESSAGE)
        elif form.is_valid() and not _within_mail_limit(request, survey):
            form.add_error(None, RATE_LIMIT_MESSAGE)
        elif form.is_valid():
            try:
                services.submit_survey_answer(
                    survey,
                    data=form.cleaned_data,
                    # Without CSRF the widget must not act for whoever is logged in.
                    user=None if embedded else request.user,
                    form_token=form.form_token,
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            except FormTokenSpent:
                form.refuse_spent_token()
            else:
                target = "consultations:widget_thanks" if embedded else "consultations:thanks"
                response = HttpResponseRedirect(reverse(target, args=[slug]), status=303)
                response.set_signed_cookie(
                    _cookie(survey),
                    "1",
                    salt=COOKIE_SALT,
                    max_age=60 * 60 * 24 * 365,
                    httponly=True,
                    samesite="None" if embedded and request.is_secure() else "Lax",
                    secure=request.is_secure(),
                )
                return response
    context = {"survey": survey, "form": form, "base": base, "embedded": embedded}
    if embedded:
        context["seal"] = embed.seal(survey.pk, form["started"].value())
    return render(
        request,
        "consultations/survey.html",
        context,
        status=400 if form.errors and status == 200 else status,
    )


EMBED_SEAL_MESSAGE = _lazy(
    "No pudimos comprobar el formulario: venció o no salió de esta página. Revise sus datos "
    "y envíelo de nuevo."
)


def _sealed(request: HttpRequest, survey: Survey) -> bool:
    return embed.seal_is_valid(
        request.POST.get("sello", ""),
        survey_pk=survey.pk,
        start_token=request.POST.get("started", ""),
    )


def _within_mail_limit(request: HttpRequest, survey: Survey) -> bool:
    """Count an answer that will send a confirmation e-mail ("survey-mail", MAIL_LIMIT an
    hour per address); answers to a survey without e-mail are not counted here."""
    if not survey.requires_verified_email:
        return True
    return check_rate_limit(request, "survey-mail", limit=MAIL_LIMIT, per_seconds=MAIL_PERIOD)


@require_http_methods(["GET", "HEAD", "POST"])
def survey(request: HttpRequest, slug: str) -> HttpResponse:
    return _survey_page(request, slug, embedded=False)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The e-mail link of a survey that counts one answer per confirmed address. The link
    shows a button: mail scanners that open every link must not confirm for the person."""
    response = confirmation.response_for(token)
    if response is None or response.survey.exercise.slug != slug:
        return render(
            request,
            "consultations/confirm.html",
            {"base": "base.html", "invalid": True},
            status=400,
        )
    context = {"base": "base.html", "survey": response.survey}
    if request.method == "POST":
        try:
            counted = services.confirm_survey_answer(response)
        except ValidationError as error:
            return render(
                request,
                "consultations/confirm.html",
                {**context, "error": error.messages[0]},
                status=409,
            )
        return render(
            request,
            "consultations/confirm.html",
            {**context, "confirmed": True, "already": not counted},
        )
    return render(request, "consultations/confirm.html", context)


@require_safe
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "consultations/thanks.html", {"survey": current_survey(slug), "base": "base.html"}
    )


def _framing(view):
    """The widget may be framed only by the hosts staff configured for this survey."""

    def wrapped(request, slug, *args, **kwargs):
        survey = survey_of(published_exercise(slug))
        ancestors = ["'self'", *(survey.frame_hosts if survey else [])]
        policy = {**settings.SECURE_CSP, "frame-ancestors": ancestors}
        return csp_override(policy)(xframe_options_exempt(view))(request, slug, *args, **kwargs)

    return wrapped


# The widget checks its own seal instead (consultations.embed): inside another site's
# iframe the browser does not send Rinde's CSRF cookie.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@_framing
def widget(request: HttpRequest, slug: str) -> HttpResponse:
    return _survey_page(request, slug, embedded=True)


@require_safe
@_framing
def widget_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "consultations/thanks.html",
        {"survey": current_survey(slug), "base": "consultations/embed.html"},
    )


@require_safe
@cache_control(public=True, max_age=3600)
def banner(request: HttpRequest, slug: str) -> HttpResponse:
    """An image banner for the entity's website, linking to the survey."""
    exercise = published_exercise(slug)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 728 90" role="img" aria-label="{label}">'
        '<rect width="728" height="90" fill="#004884"/><rect y="82" width="728" height="8" fill="#3366CC"/>'
        '<text x="24" y="40" font-family="sans-serif" font-size="24" font-weight="700" fill="#fff">{title}</text>'
        '<text x="24" y="68" font-family="sans-serif" font-size="17" fill="#fff">{call}</text></svg>'
    ).format(
        label=escape(_("Encuesta: ¿qué temas quiere conocer en la rendición de cuentas?")),
        title=escape(
            _("¿Qué quiere que le contemos en la rendición de cuentas %(y)d?")
            % {"y": exercise.year}
        ),
        call=escape(_("Responda la encuesta: 1 minuto, sin registrarse →")),
    )
    return HttpResponse(svg, content_type="image/svg+xml")


def _results_context(survey: Survey) -> dict:
    data = services.results(survey)
    option_labels = {o.pk: o.label for o, _n, _p in data["options"]}
    svg = charts.bars_svg(
        [(o.label, n) for o, n, _p in data["options"]],
        title=survey.question,
        description=_("Número de personas que eligió cada tema; la tabla tiene las mismas cifras."),
        chart_id="survey",
        # Each person may pick several topics: the share is of the people who answered,
        # as in the table.
        total=data["total"],
    )
    profiles = []
    for field, title, labels in (
        ("age_range", _("Por rango de edad"), dict(AgeRange.choices)),
        ("participant_kind", _("Por tipo de participante"), dict(ParticipantKind.choices)),
        ("territory__name", _("Por comuna o corregimiento"), None),
        ("population_group", _("Por grupo poblacional"), dict(PopulationGroup.choices)),
    ):
        table = data["by_profile"][field]
        if not table:
            continue
        columns = sorted(table)
        rows = []
        for option_id, label in option_labels.items():
            cells = []
            for column in columns:
                n = table[column].get(option_id, 0)
                cells.append("<5" if field == "population_group" and 0 < n < SMALL_CELL else n)
            rows.append((label, cells))
        profiles.append((title, [labels.get(c, c) if labels else c for c in columns], rows))
    return {"results": data, "svg": svg, "profiles": profiles}


# Staff ------------------------------------------------------------------------------------


@staff_view(Role.COMMUNICATIONS, Role.PLANNING)
def staff_surveys(request: HttpRequest) -> HttpResponse:
    surveys = (
        Survey.objects.filter(exercise__in=Exercise.objects.all())
        .select_related("exercise")
        .order_by("-opens_at")
    )
    rows = []
    for s in surveys:
        base = request.build_absolute_uri("/")[:-1]
        rows.append(
            {
                "survey": s,
                "responses": s.responses.counted().count(),
                "link": base + reverse("consultations:survey", args=[s.exercise.slug]),
                "banner": base + reverse("consultations:banner", args=[s.exercise.slug]),
                "widget": base + reverse("consultations:widget", args=[s.exercise.slug]),
            }
        )
    without = Exercise.objects.filter(surveys__isnull=True).order_by("-year", "slug")
    return render(
        request,
        "consultations/staff_list.html",
        {"rows": rows, "now": timezone.now(), "without": without},
    )


@staff_view(Role.COMMUNICATIONS, Role.PLANNING)
def staff_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Every answer as CSV, streamed so memory stays flat at any size. No personal data is
    collected; the sensitive group is left out of the export."""
    survey = get_object_or_404(Survey, pk=pk, exercise__in=Exercise.objects.all())
    labels = {o.pk: o.label for o in survey.options.all()}
    through = SurveyResponse.options.through

    def rows():
        responses = (
            SurveyResponse.objects.counted()
            .filter(survey=survey)
            .order_by("pk")
            .values_list(
                "pk", "created_at", "other_text", "age_range", "territory__name", "participant_kind"
            )
        )
        batch = []
        for row in responses.iterator(chunk_size=2000):
            batch.append(row)
            if len(batch) == 2000:
                yield from emit(batch)
                batch = []
        yield from emit(batch)

    def emit(batch):
        # The chosen topics of one batch of answers: one query per 2,000 answers.
        chosen: dict[int, list[str]] = {}
        pairs = through.objects.filter(surveyresponse_id__in=[r[0] for r in batch])
        for response_id, option_id in pairs.values_list("surveyresponse_id", "surveyoption_id"):
            chosen.setdefault(response_id, []).append(labels.get(option_id, ""))
        for pk_, created, other, age, territory, kind in batch:
            for topic in chosen.get(pk_, [""]):
                yield [
                    pk_,
                    timezone.localtime(created).isoformat(),
                    topic,
                    other,
                    age,
                    territory or "",
                    kind,
                ]

    return csv_response(
        f"encuesta-{survey.exercise.year}.csv",
        [
            "respuesta",
            "fecha",
            "tema",
            "otro_tema",
            "rango_edad",
            "territorio",
            "tipo_participante",
        ],
        rows(),
    )


@staff_view(Role.COMMUNICATIONS, Role.PLANNING)
def staff_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk, exercise__in=Exercise.objects.all())
    labels = {o.pk: o.label for o in survey.options.all()}
    through = SurveyResponse.options.through
    rows = (
        through.objects.filter(
            surveyresponse__survey=survey, surveyresponse__confirmed_at__isnull=False
        )
        .order_by("surveyresponse_id")
        .values_list(
            "surveyresponse_id",
            "surveyoption_id",
            "surveyresponse__age_range",
            "surveyresponse__participant_kind",
        )
        .iterator(chunk_size=5000)
    )
    return xlsx_response(
        f"encuesta-{survey.exercise.year}.xlsx",
        ["respuesta", "tema", "rango_edad", "tipo_participante"],
        ([rid, labels.get(oid, ""), age, kind] for rid, oid, age, kind in rows),
    )


@staff_view(Role.COMMUNICATIONS, Role.PLANNING)
def staff_forum_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Forum comments, streamed; never the author's e-mail or address key."""
    forum = get_object_or_404(Forum, pk=pk, exercise__in=Exercise.objects.all())
    header = [
        "comentario",
        "responde_a",
        "fecha",
        "nombre",
        "oficial",
        "estado",
        "reportes",
        "texto",
    ]
    rows = (
        Comment.objects.filter(forum=forum)
        .order_by("pk")
        .values_list(
            "pk",
            "parent_id",
            "created_at",
            "author_name",
            "official_id",
            "status",
            "flag_count",
            "body",
        )
        .iterator(chunk_size=2000)
    )

    def plain():
        for pk_, parent, created, name, official, status, flags, body in rows:
            yield [
                pk_,
                parent or "",
                timezone.localtime(created).isoformat(),
                name,
                "sí" if official else "no",
                status,
                flags,
                body,
            ]

    if fmt == "xlsx":
        return xlsx_response(f"foro-{forum.exercise.year}.xlsx", header, plain())
    if fmt != "csv":
        raise Http404
    return csv_response(f"foro-{forum.exercise.year}.csv", header, plain())
