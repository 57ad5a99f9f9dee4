"""The first run: what an installation still lacks before it can run its process, in the
order the administrator is led through it. Each step is a link to the panel page that keeps
doing the same job afterwards (nothing here is a one-off form)."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from rinde.accounts.models import Invitation, Membership, Role
from rinde.entity.models import Department, Entity
from rinde.exercises.models import Exercise
from rinde.plan.models import Plan


@dataclass(frozen=True)
class Step:
    title: str
    description: str
    url: str
    done: bool


def is_set_up() -> bool:
    """The entity of the work under way is set up once its data are saved through the
    entity form (which requires the judicial notifications e-mail); until then its
    administrator's panel opens on the first-run checklist: before the installation's
    first entity exists, and for an entity the host's panel created with its name only."""
    entity = Entity.objects.current()
    return entity.pk is not None and bool(entity.judicial_email)


def _first_url(*names: str) -> str:
    # The plan panel's address for a new plan is on its way from another branch; the
    # structure import is the fallback that exists either way.
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return reverse("accounts:panel")


def steps() -> list[Step]:
    other_staff = (
        Membership.objects.exclude(role=Role.ADMIN).exists() or Invitation.objects.exists()
    )
    return [
        Step(
            _("La entidad"),
            _(
                "Nombre, NIT, direcciones, correos de contacto y de notificaciones judiciales, "
                "logo y colores, horario y hora de cierre para radicar."
            ),
            reverse("entity:edit"),
            is_set_up(),
        ),
        Step(
            _("Días no hábiles"),
            _("Los días que la entidad decreta no hábiles: en ellos no corren los plazos."),
            reverse("entity:non_working_days"),
            is_set_up(),  # optional: the national holidays are already known
        ),
        Step(
            _("Las dependencias"),
            _("Escritas una a una, pegadas como lista o importadas de una hoja de cálculo."),
            reverse("entity:departments"),
            Department.objects.exists(),
        ),
        Step(
            _("El personal"),
            _(
                "Invitaciones por correo con el rol y las dependencias de cada persona; cada "
                "una crea su contraseña y activa su segundo factor."
            ),
            reverse("accounts:staff"),
            other_staff,
        ),
        Step(
            _("El plan de desarrollo"),
            _("El plan vigente y su estructura, importada de la hoja de cálculo."),
            _first_url("plan:staff_plan_new", "plan:structure_import"),
            Plan.objects.exists(),
        ),
        Step(
            _("El primer ejercicio de rendición de cuentas"),
            _("Creado desde la plantilla del MURC, con sus fechas."),
            reverse("exercises:panel_create"),
            Exercise.objects.exists(),
        ),
    ]
