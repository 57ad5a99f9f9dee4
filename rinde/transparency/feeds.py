"""What Rinde's own pages publish for each item of the Transparencia menu and each section of
Participa: a feed is a function returning the links to those pages, newest first, read from
the data (an item whose pages have nothing yet returns none and says so). One or two queries
each, whatever the number of exercises or documents: the lists are cut at LIMIT with a link
to the page that lists them all."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rinde.consultations.models import Forum, Survey
from rinde.evaluation.models import EvaluationForm, EvaluationReport
from rinde.exercises.models import Document, DocumentKind, Event, EventKind, Exercise
from rinde.improvements.models import ImprovementAction
from rinde.plan.models import ActionPlan, Plan
from rinde.questions.models import QuarterlyReport
from rinde.transparency.participa import SECTIONS

LIMIT = 8


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    # Shown beside the link: a document's publication date, an event's day.
    day: date | None = None
    note: str = ""


@dataclass
class Feed:
    links: list[Link] = field(default_factory=list)
    # "See them all" when the list was cut, or the page that lists them.
    more: Link | None = None
    # Said when there are no links yet.
    empty: str = ""


def _day(moment: datetime | date | None) -> date | None:
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment


def _published_exercises():
    return Exercise.objects.published().order_by("-year", "-starts_on")


def requests() -> Feed:
    """1.10: where a citizen asks and follows a request."""
    exercise = _published_exercises().first()
    links = []
    if exercise is not None:
        links.append(
            Link(
                _("Hacer una pregunta o petición (%(title)s)") % {"title": exercise.title},
                reverse("questions:ask", args=[exercise.slug]),
            )
        )
    links.append(Link(_("Consultar una pregunta con su código"), reverse("questions:lookup")))
    return Feed(links)


def calendar() -> Feed:
    """1.11: the events of the published exercises, the coming ones first."""
    now = timezone.now()
    events = Event.objects.filter(exercise__in=Exercise.objects.published()).select_related(
        "exercise"
    )
    coming = list(events.filter(ends_at__gte=now).order_by("starts_at")[:LIMIT])
    past = list(events.filter(ends_at__lt=now).order_by("-starts_at")[: LIMIT - len(coming)])
    links = [
        Link(
            e.title,
            reverse("exercises:event", args=[e.exercise.slug, e.pk]),
            _day(e.starts_at),
            e.exercise.title,
        )
        for e in coming + past
    ]
    return Feed(
        links,
        more=Link(_("Calendario de todos los eventos (iCalendar)"), reverse("exercises:calendar")),
        empty=_("Aún no hay eventos publicados."),
    )


def action_plans() -> Feed:
    """4.3: each published yearly action plan, newest first, and the plan's progress."""
    published = (
        ActionPlan.objects.filter(state=ActionPlan.State.PUBLISHED)
        .select_related("plan")
        .order_by("-year", "-published_at")
    )
    links = [
        Link(
            _("Plan de Acción %(year)s · %(plan)s") % {"year": a.year, "plan": a.plan.name},
            reverse("plan:action_plan", args=[a.plan.slug, a.year]),
            _day(a.published_at),
        )
        for a in published[:LIMIT]
    ]
    more = None
    if Plan.objects.exists():
        more = Link(_("Avance del plan de desarrollo"), reverse("plan:overview"))
    return Feed(links, more, _("Aún no hay un Plan de Acción publicado."))


def projects() -> Feed:
    """4.4: the projects of each development plan, through the plan's pages."""
    plans = (
        Plan.objects.annotate(n=Count("projects"))
        .filter(n__gt=0)
        .order_by("-start_year")
        .values_list("name", "start_year", "end_year", "slug", "n")
    )
    links = [
        Link(
            _("Proyectos del plan %(name)s %(start)s–%(end)s") % {"name": n, "start": s, "end": e},
            reverse("plan:overview", args=[slug]),
            note=_("%(count)s proyectos") % {"count": count},
        )
        for n, s, e, slug, count in plans
    ]
    return Feed(links, empty=_("Aún no hay proyectos de inversión cargados."))


def _documents(kinds=None) -> list[Link]:
    documents = (
        Document.objects.published()
        .filter(exercise__in=Exercise.objects.published())
        .exclude(public_file="")
        .order_by("-published_at", "-pk")
    )
    if kinds is not None:
        documents = documents.filter(kind__in=kinds)
    return [
        Link(d.title, d.public_file.url, _day(d.published_at), d.get_kind_display())
        for d in documents[:LIMIT]
    ]


def reports() -> Feed:
    """4.7: the exercises' documents (management, evaluation and oversight reports, minutes),
    newest first, then each exercise's answers report (Res. 1519 item 4.7 names the
    accountability report with the answers to citizens' requests)."""
    links = _documents()
    links += [
        Link(
            _("Informe de respuestas a las preguntas ciudadanas · %(title)s") % {"title": title},
            reverse("questions:report", args=[slug]),
        )
        for title, slug in _published_exercises().values_list("title", "slug")[:LIMIT]
    ]
    return Feed(
        links,
        more=Link(_("Todos los ejercicios de rendición de cuentas"), reverse("exercises:list")),
        empty=_("Aún no hay informes publicados."),
    )


def quarterly() -> Feed:
    """4.10: the current quarter's report and every archived one."""
    links = [Link(_("Informe del trimestre en curso"), reverse("questions:quarterly"))]
    base = reverse("questions:quarterly")
    for year, number, archived_at in QuarterlyReport.objects.order_by(
        "-year", "-quarter"
    ).values_list("year", "quarter", "archived_at")[:LIMIT]:
        links.append(
            Link(
                _("Trimestre %(n)s de %(y)s") % {"n": number, "y": year},
                f"{base}?anio={year}&trimestre={number}",
                _day(archived_at),
            )
        )
    return Feed(links)


def participa() -> Feed:
    """6: the Participa menu, section by section."""
    base = reverse("transparency:participa")
    return Feed([Link(str(section.title), f"{base}#{section.slug}") for section in SECTIONS])


def open_data() -> Feed:
    return Feed([Link(_("Datos abiertos de la rendición de cuentas"), reverse("portal:datos"))])


# Feeds of the Participa menu ------------------------------------------------------------------


def _window_note(window, now) -> str:
    if window.is_open(now):
        return _("abierta hasta el %(d)s") % {"d": timezone.localdate(window.closes_at)}
    if window.closes_at <= now:
        return _("cerrada")
    return _("abre el %(d)s") % {"d": timezone.localdate(window.opens_at)}


def surveys() -> Feed:
    now = timezone.now()
    found = (
        Survey.objects.filter(exercise__in=Exercise.objects.published())
        .select_related("exercise")
        .order_by("-opens_at")[:LIMIT]
    )
    links = [
        Link(
            _("Consulta de temas · %(title)s") % {"title": s.exercise.title},
            reverse("consultations:survey", args=[s.exercise.slug]),
            _day(s.opens_at),
            _window_note(s, now),
        )
        for s in found
    ]
    return Feed(links, empty=_("Aún no hay consultas publicadas."))


def forums() -> Feed:
    now = timezone.now()
    found = (
        Forum.objects.filter(exercise__in=Exercise.objects.published())
        .select_related("exercise")
        .order_by("-opens_at")[:LIMIT]
    )
    links = [
        Link(
            _("Foro de diálogo · %(title)s") % {"title": f.exercise.title},
            reverse("consultations:forum", args=[f.exercise.slug]),
            _day(f.opens_at),
            _window_note(f, now),
        )
        for f in found
    ]
    return Feed(links, empty=_("Aún no hay foros publicados."))


def exercises() -> Feed:
    links = [
        Link(title, reverse("exercises:detail", args=[slug]), _day(starts))
        for title, slug, starts in _published_exercises().values_list("title", "slug", "starts_on")[
            :LIMIT
        ]
    ]
    return Feed(
        links,
        more=Link(_("Todos los ejercicios"), reverse("exercises:list")),
        empty=_("Aún no hay ejercicios publicados."),
    )


def hearings() -> Feed:
    found = (
        Event.objects.filter(exercise__in=Exercise.objects.published(), kind=EventKind.HEARING)
        .select_related("exercise")
        .order_by("-starts_at")[:LIMIT]
    )
    links = [
        Link(
            e.title,
            reverse("exercises:event", args=[e.exercise.slug, e.pk]),
            _day(e.starts_at),
            e.exercise.title,
        )
        for e in found
    ]
    return Feed(links, empty=_("Aún no hay audiencias públicas programadas."))


def strategy() -> Feed:
    return Feed(
        _documents([DocumentKind.STRATEGY, DocumentKind.MANAGEMENT_REPORT]),
        empty=_("Aún no se ha publicado la estrategia ni el informe de gestión."),
    )


def evaluations() -> Feed:
    reports = EvaluationReport.objects.filter(
        exercise=OuterRef("pk"), state=EvaluationReport.State.PUBLISHED
    )
    forms = EvaluationForm.objects.filter(event__exercise=OuterRef("pk"))
    rows = (
        _published_exercises()
        .annotate(has_form=Exists(forms), has_report=Exists(reports))
        .filter(has_form=True)
        .values_list("title", "slug", "has_report")[:LIMIT]
    )
    links = []
    for title, slug, has_report in rows:
        if has_report:
            links.append(
                Link(
                    _("Informe de evaluación · %(title)s") % {"title": title},
                    reverse("evaluation:report", args=[slug]),
                )
            )
        links.append(
            Link(
                _("Evaluación de la audiencia · %(title)s") % {"title": title},
                reverse("evaluation:answer", args=[slug]),
            )
        )
    return Feed(links, empty=_("Aún no hay evaluaciones publicadas."))


def oversight_reports() -> Feed:
    return Feed(
        _documents([DocumentKind.OVERSIGHT_REPORT]),
        empty=_("Aún no hay informes de veedurías publicados."),
    )


def improvement_plans() -> Feed:
    actions = ImprovementAction.objects.filter(exercise=OuterRef("pk"))
    rows = (
        _published_exercises()
        .annotate(has_actions=Exists(actions))
        .filter(has_actions=True)
        .values_list("title", "slug")[:LIMIT]
    )
    links = [
        Link(
            _("Plan de mejoramiento · %(title)s") % {"title": title},
            reverse("improvements:public", args=[slug]),
        )
        for title, slug in rows
    ]
    return Feed(links, empty=_("Aún no hay un plan de mejoramiento publicado."))


def questions() -> Feed:
    links = [
        Link(
            _("Preguntas y respuestas · %(title)s") % {"title": title},
            reverse("questions:list", args=[slug]),
        )
        for title, slug in _published_exercises().values_list("title", "slug")[:LIMIT]
    ]
    return Feed(
        requests().links + links,
        more=Link(_("Informe trimestral de solicitudes"), reverse("questions:quarterly")),
    )


FEEDS = {
    "requests": requests,
    "calendar": calendar,
    "action_plans": action_plans,
    "projects": projects,
    "reports": reports,
    "quarterly": quarterly,
    "participa": participa,
    "open_data": open_data,
    "surveys": surveys,
    "forums": forums,
    "exercises": exercises,
    "hearings": hearings,
    "strategy": strategy,
    "evaluations": evaluations,
    "oversight_reports": oversight_reports,
    "improvement_plans": improvement_plans,
    "questions": questions,
}

# The heading each feed has on the Participa page.
TITLES = {
    "requests": gettext_lazy("Preguntas y peticiones"),
    "calendar": gettext_lazy("Calendario"),
    "action_plans": gettext_lazy("Plan de Acción"),
    "projects": gettext_lazy("Proyectos de inversión"),
    "reports": gettext_lazy("Informes"),
    "quarterly": gettext_lazy("Informe trimestral de solicitudes"),
    "participa": gettext_lazy("Participa"),
    "open_data": gettext_lazy("Datos abiertos"),
    "surveys": gettext_lazy("Consultas de temas"),
    "forums": gettext_lazy("Foros de diálogo"),
    "exercises": gettext_lazy("Ejercicios de rendición de cuentas"),
    "hearings": gettext_lazy("Audiencias públicas"),
    "strategy": gettext_lazy("Estrategia e informe de gestión"),
    "evaluations": gettext_lazy("Evaluación"),
    "oversight_reports": gettext_lazy("Informes de veedurías"),
    "improvement_plans": gettext_lazy("Plan de mejoramiento"),
    "questions": gettext_lazy("Preguntas ciudadanas"),
}
