"""The staff area's menu: each capability adds its entries here, with the roles that see them.

An entry with no roles is seen by every staff member. The administrator sees everything.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rinde.accounts import permissions
from rinde.accounts.models import Role


@dataclass(frozen=True)
class PanelItem:
    label: str
    url_name: str
    roles: tuple[Role, ...] = ()
    description: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


PANEL_ITEMS: list[PanelItem] = [
    PanelItem(_("Inicio del panel"), "accounts:panel"),
    PanelItem(
        _("Preguntas ciudadanas"),
        "questions:staff_board",
        (Role.ICT, Role.PLANNING, Role.OFFICER),
        _("Clasificar, responder y vigilar los plazos legales."),
    ),
    PanelItem(
        _("Avance del plan"),
        "plan:staff_reports",
        (Role.PLANNING, Role.OFFICER),
        _("Cortes del plan: registrar, enviar, aprobar y corregir."),
    ),
    PanelItem(
        _("Planes de desarrollo"),
        "plan:staff_plans",
        (Role.PLANNING,),
        _(
            "Crear un plan y sus dependencias, elegir el vigente, publicar el Plan de Acción del año."
        ),
    ),
    PanelItem(
        _("Evaluación"),
        "evaluation:staff_list",
        (Role.PLANNING,),
        _("Formato de evaluación, formatos en papel, resultados e informe de evaluación."),
    ),
    PanelItem(
        _("Encuesta de temas"),
        "consultations:staff_list",
        (Role.COMMUNICATIONS, Role.PLANNING),
        _("Respuestas, banner y código para insertar la encuesta en el sitio de la entidad."),
    ),
    PanelItem(
        _("Plan de difusión"),
        "outreach:plan",
        (Role.COMMUNICATIONS,),
        _("Piezas por canal y público, calendario, matriz de cobertura y programa de televisión."),
    ),
    PanelItem(
        _("Boletines de prensa"),
        "outreach:staff_bulletins",
        (Role.COMMUNICATIONS,),
        _("Redactar, publicar y enviar a los medios, con el estado de cada envío."),
    ),
    PanelItem(
        _("Archivo de entregables"),
        "outreach:staff_archive",
        (Role.COMMUNICATIONS,),
        _("Fotos, videos y diseños del ejercicio, y su zip para el informe final."),
    ),
    PanelItem(
        _("Moderación del foro"),
        "consultations:moderation",
        (Role.COMMUNICATIONS,),
        _("Comentarios reportados: ocultar o restaurar con motivo, bloquear, resumen."),
    ),
    PanelItem(
        _("Comentarios sobre proyectos"),
        "fieldwork:staff_list",
        (Role.COMMUNICATIONS, Role.PLANNING, Role.OFFICER),
        _("Control social: moderar los comentarios y fotos de la ciudadanía y responderlos."),
    ),
    PanelItem(
        _("Plan de mejoramiento"),
        "improvements:staff_list",
        (Role.PLANNING, Role.OFFICER),
        _("Acciones de mejora nacidas de la evaluación, las preguntas y las veedurías."),
    ),
    PanelItem(
        _("Entidad"),
        "entity:edit",
        (Role.ADMIN,),
        _("Nombre, NIT, direcciones, correos, logo y colores, horario y hora de cierre."),
    ),
    PanelItem(
        _("Dependencias y días no hábiles"),
        "entity:departments",
        (Role.PLANNING,),
        _("Dependencias y sus jefes (una a una, en lista o desde una hoja), días no hábiles."),
    ),
    PanelItem(
        _("Usuarios y roles"),
        "accounts:staff",
        (Role.ADMIN,),
        _("Invitaciones por correo, el rol y las dependencias de cada cuenta del personal."),
    ),
    PanelItem(
        _("Primer uso"),
        "entity:first_run",
        (Role.ADMIN,),
        _("Lo que falta para que la plataforma funcione: entidad, personal, plan, ejercicio."),
    ),
    PanelItem(
        _("Rendición de cuentas"),
        "exercises:panel_list",
        (),
        _("Ejercicios, etapas y acciones del MURC, acciones vencidas y documentos."),
    ),
    PanelItem(
        _("Datos personales"),
        "holders:staff_list",
        (Role.ADMIN, Role.ICT),
        _("Consultas, correcciones, revocaciones y supresiones de los titulares, con su plazo."),
    ),
    PanelItem(
        _("Registro de auditoría"),
        "accounts:audit_list",
        (Role.ADMIN,),
        _("Quién hizo qué, cuándo y desde dónde."),
    ),
    PanelItem(
        _("Menú Transparencia"),
        "transparency:panel",
        (Role.ADMIN,),
        _(
            "Dónde publica la entidad cada ítem de la Resolución 1519 que este portal no tiene, o por qué no aplica."
        ),
    ),
]


def items_for(user) -> list[PanelItem]:
    return [
        item for item in PANEL_ITEMS if not item.roles or permissions.has_role(user, *item.roles)
    ]
