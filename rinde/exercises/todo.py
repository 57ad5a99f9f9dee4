"""The exercises' work in the staff to-do list (accounts.todo): legal duties overdue or
coming due (legal_calendar), veeduría reports waiting to be published, and MURC actions of
the person's departments coming due. A constant number of queries however many exercises."""

from datetime import date, timedelta

from django.db.models import Count, Min, Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.accounts.todo import Pending
from rinde.exercises import legal_calendar
from rinde.exercises.models import Action, Document, DocumentKind, Exercise

MENU = "exercises:panel_list"
# Who publishes an exercise's documents (exercises.views.MANAGERS).
PUBLISHERS = (Role.PLANNING, Role.COMMUNICATIONS)


def pending_for(user, today: date) -> list[Pending]:
    items = []
    if permissions.has_role(user, Role.PLANNING):
        items += _duties(today)
    if permissions.has_role(user, *PUBLISHERS):
        items += _oversight_reports()
    if permissions.has_role(user, Role.PLANNING, Role.OFFICER):
        items += _actions(user, today)
    return items


def _duties(today: date) -> list[Pending]:
    """The legal calendar's duties needing attention, as the daily duty warning sends them
    (exercises.services), for the exercises that ended less than a year ago."""
    exercises = list(
        Exercise.objects.filter(ends_on__gte=today - timedelta(days=365)).prefetch_related(
            "events", Prefetch("documents", queryset=Document.objects.published())
        )
    )
    if not exercises:
        return []
    facts = legal_calendar.facts_from_other_apps([e.pk for e in exercises])
    items = []
    for exercise in exercises:
        for duty in legal_calendar.load_duties(
            exercise,
            events=list(exercise.events.all()),
            documents=list(exercise.documents.all()),
            today=today,
            facts=facts,
        ):
            if duty.needs_attention:
                items.append(
                    Pending(
                        what=f"{duty.label} ({exercise.slug})",
                        why=_("Fundamento: %(source)s.") % {"source": duty.source},
                        url=reverse("exercises:panel_exercise", args=[exercise.slug]),
                        menu=MENU,
                        due_on=duty.due_on,
                    )
                )
    return items


def _oversight_reports() -> list[Pending]:
    reports = (
        Document.objects.filter(
            kind=DocumentKind.OVERSIGHT_REPORT,
            published_at__isnull=True,
            replaced_by=None,
            exercise__in=Exercise.objects.all(),
        )
        .select_related("exercise", "committee")
        .only("pk", "title", "exercise__slug", "committee__name")
        .order_by("created_at", "pk")
    )
    return [
        Pending(
            what=_("Publicar el informe de veeduría «%(title)s» (%(exercise)s)")
            % {"title": report.title, "exercise": report.exercise.slug},
            why=(
                _("La veeduría %(committee)s lo presentó; se publica tal como llegó.")
                % {"committee": report.committee.name}
                if report.committee
                else _("Informe de veeduría recibido, aún sin publicar.")
            ),
            url=reverse("exercises:panel_exercise", args=[report.exercise.slug]),
            menu=MENU,
        )
        for report in reports
    ]


def _actions(user, today: date) -> list[Pending]:
    """Open MURC actions overdue or due within the warning days, a line per exercise and
    department: an officer sees their departments'; planning, who coordinates, all."""
    soon = today + timedelta(days=legal_calendar.warning_days())
    actions = Action.objects.open().filter(
        due_on__isnull=False, due_on__lte=soon, stage__exercise__in=Exercise.objects.all()
    )
    if not permissions.has_role(user, Role.PLANNING):
        allowed = permissions.department_ids_for(user)
        if allowed is not None:
            actions = actions.filter(department_id__in=allowed)
    rows = (
        actions.values("stage__exercise__slug", "department__name")
        .annotate(n=Count("pk"), first_due=Min("due_on"))
        .order_by()
    )
    return [
        Pending(
            what=ngettext(
                "Cumplir %(n)d acción del MURC de %(department)s (%(exercise)s)",
                "Cumplir %(n)d acciones del MURC de %(department)s (%(exercise)s)",
                row["n"],
            )
            % {
                "n": row["n"],
                "department": row["department__name"] or _("sin dependencia"),
                "exercise": row["stage__exercise__slug"],
            },
            why=_("Acciones de la estrategia de rendición de cuentas con fecha límite."),
            url=reverse("exercises:panel_exercise", args=[row["stage__exercise__slug"]]),
            menu=MENU,
            due_on=row["first_due"],
            count=row["n"],
        )
        for row in rows
    ]
