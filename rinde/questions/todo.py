"""Citizens' questions in the staff to-do list (accounts.todo): to triage (ICT, planning),
to answer or extend (the department's officer), answers to approve (planning). One grouped
query: a line per kind of work and department, with how many and the earliest due date."""

from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rinde.accounts import permissions
from rinde.accounts.models import Membership, Role
from rinde.accounts.todo import Pending
from rinde.entity.calendar import work_calendar
from rinde.questions.models import Question, Status


def _term() -> str:
    return _("Ley 1755 de 2015, art. 14: la respuesta vence en el término legal de la petición.")


def pending_for(user, today: date) -> list[Pending]:
    triage = permissions.has_role(user, Role.ICT, Role.PLANNING)
    answer = permissions.has_role(user, Role.OFFICER)
    review = permissions.has_role(user, Role.PLANNING)
    wanted = Q(pk__in=[])
    if triage:
        wanted |= Q(status=Status.RECEIVED)
    if review:
        wanted |= Q(status=Status.IN_REVIEW)
        # A department with no officer account (Hacienda in the demo) has nobody to answer
        # in Rinde: planning, who assigns the work, has it on its list (as in the digest).
        wanted |= Q(status=Status.ASSIGNED) & ~Exists(
            # The department is the entity's own, and so is any membership naming it.
            Membership.objects.across_entities().filter(
                departments=OuterRef("department_id"),
                role=Role.OFFICER,
                is_active=True,
                user__is_active=True,
            )
        )
    if answer:
        mine = Q(status=Status.ASSIGNED)
        allowed = permissions.department_ids_for(user)
        if allowed is not None:
            mine &= Q(department_id__in=allowed)
        wanted |= mine
    if not (triage or answer or review):
        return []
    # Ley 1755 art. 14 par.: an extension is told to the asker before the term ends, so the
    # officer is reminded while there is still time, and only once per question.
    soon_until = work_calendar().add_business_days(today, settings.QUESTION_DUE_SOON_DAYS)
    rows = (
        Question.objects.filter(wanted)
        .values("status", "department_id", "department__name")
        .annotate(
            n=Count("pk"),
            first_due=Min("current_due_on"),
            to_extend=Count(
                "pk",
                filter=Q(
                    status=Status.ASSIGNED,
                    extended_at__isnull=True,
                    current_due_on__gte=today,
                    current_due_on__lte=soon_until,
                ),
            ),
            first_to_extend=Min(
                "current_due_on",
                filter=Q(
                    status=Status.ASSIGNED,
                    extended_at__isnull=True,
                    current_due_on__gte=today,
                    current_due_on__lte=soon_until,
                ),
            ),
        )
        .order_by()
    )
    board = reverse("questions:staff_board")
    menu = "questions:staff_board"
    items = []
    received = [row for row in rows if row["status"] == Status.RECEIVED]
    if received:
        n = sum(row["n"] for row in received)
        items.append(
            Pending(
                what=ngettext(
                    "Clasificar %(n)d pregunta ciudadana",
                    "Clasificar %(n)d preguntas ciudadanas",
                    n,
                )
                % {"n": n},
                why=_("Sin dependencia asignada: su término corre desde que se recibió."),
                url=board,
                menu=menu,
                due_on=min(row["first_due"] for row in received),
                count=n,
            )
        )
    for row in rows:
        name = row["department__name"] or _("sin dependencia")
        if row["status"] == Status.ASSIGNED:
            if not answer:  # planning, for a department without an officer account
                items.append(
                    Pending(
                        what=ngettext(
                            "Responder o asignar %(n)d pregunta de %(department)s",
                            "Responder o asignar %(n)d preguntas de %(department)s",
                            row["n"],
                        )
                        % {"n": row["n"], "department": name},
                        why=_("La dependencia no tiene ningún enlace con cuenta activa en Rinde. ")
                        + _term(),
                        url=board,
                        menu=menu,
                        due_on=row["first_due"],
                        count=row["n"],
                    )
                )
                continue
            items.append(
                Pending(
                    what=ngettext(
                        "Responder %(n)d pregunta de %(department)s",
                        "Responder %(n)d preguntas de %(department)s",
                        row["n"],
                    )
                    % {"n": row["n"], "department": name},
                    why=_term(),
                    url=board,
                    menu=menu,
                    due_on=row["first_due"],
                    count=row["n"],
                )
            )
            if row["to_extend"]:
                items.append(
                    Pending(
                        what=ngettext(
                            "Decidir si prorrogar %(n)d pregunta de %(department)s",
                            "Decidir si prorrogar %(n)d preguntas de %(department)s",
                            row["to_extend"],
                        )
                        % {"n": row["to_extend"], "department": name},
                        why=_(
                            "Vencen pronto sin prórroga: la ampliación del plazo se informa "
                            "a quien preguntó antes del vencimiento (Ley 1755 de 2015, "
                            "art. 14, parágrafo)."
                        ),
                        url=board,
                        menu=menu,
                        due_on=row["first_to_extend"],
                        # Already counted in the badge by their line to answer.
                        count=0,
                    )
                )
        elif row["status"] == Status.IN_REVIEW:
            items.append(
                Pending(
                    what=ngettext(
                        "Aprobar %(n)d respuesta de %(department)s",
                        "Aprobar %(n)d respuestas de %(department)s",
                        row["n"],
                    )
                    % {"n": row["n"], "department": name},
                    why=_("La dependencia redactó la respuesta; Planeación la revisa. ") + _term(),
                    url=board,
                    menu=menu,
                    due_on=row["first_due"],
                    count=row["n"],
                )
            )
    return items
