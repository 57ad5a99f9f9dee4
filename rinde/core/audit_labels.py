"""Audit actions ("questions.forward", "outreach.deliverable.update") as staff read them
("Preguntas: remitir a otra autoridad"): the code stays in the record and the export; the
label is for people. Named actions first, then "<app>: <verb>" from the code's parts."""

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "accounts.login": _("ingreso al panel"),
    "accounts.first_admin_created": _("primer administrador creado"),
    "accounts.invited": _("invitación enviada"),
    "accounts.invitation_accepted": _("invitación aceptada"),
    "accounts.invitation_resent": _("invitación reenviada"),
    "accounts.invitation_revoked": _("invitación anulada"),
    "accounts.second_factor_enrolled": _("segundo factor activado"),
    "accounts.staff_updated": _("cuenta del personal cambiada"),
    "admin.change": _("cambio en la administración"),
    "questions.register": _("pregunta registrada"),
    "questions.classify": _("pregunta clasificada"),
    "questions.reject": _("pregunta rechazada"),
    "questions.merge": _("pregunta unida con otra"),
    "questions.forward": _("pregunta remitida a otra autoridad"),
    "questions.extend": _("plazo prorrogado"),
    "questions.draft_answer": _("respuesta enviada a revisión"),
    "questions.approve_answer": _("respuesta aprobada y publicada"),
    "questions.return_answer": _("respuesta devuelta"),
    "questions.answered_at_hearing": _("respondida en la audiencia"),
    "forum.block": _("autor bloqueado en el foro"),
    "forum.hide": _("comentario ocultado"),
    "forum.official_reply": _("respuesta oficial en el foro"),
    "forum.summary": _("resumen del foro"),
    "evaluation.paper_entry": _("evaluación en papel registrada"),
    "evaluation.text_public": _("texto de evaluación publicado"),
    "exercises.registration_check_in": _("asistencia registrada"),
    "exercises.registration_create": _("inscripción a un evento"),
    "exercises.document_publish": _("documento publicado"),
    "exercises.document_unpublish": _("documento retirado"),
    "exercises.document_upload": _("documento cargado"),
    "entity.non_working_day_added": _("día no hábil agregado"),
    "entity.non_working_day_removed": _("día no hábil quitado"),
    "core.audit.export": _("registro de auditoría exportado"),
    "fieldwork.answer": _("respuesta a un comentario sobre un proyecto"),
    "fieldwork.block": _("autor bloqueado en los comentarios de proyectos"),
    "forum.unblock": _("autor desbloqueado en el foro"),
    "holders.request_answered": _("solicitud de un titular de datos respondida"),
    "holders.request_extended": _("plazo de una solicitud de un titular prorrogado"),
    "holders.request_filed": _("solicitud de un titular de datos recibida"),
    "holders.request_viewed": _("datos de un titular consultados por el personal"),
    "holders.retention": _("datos personales suprimidos por la regla de conservación"),
    "questions.denial.record": _("negación de acceso registrada"),
    "questions.denial.withdraw": _("negación de acceso retirada"),
    "questions.due_date_moved": _("fecha límite de una pregunta movida"),
    "hosting.entity_suspended": _("entidad suspendida por el anfitrión"),
    "hosting.entity_reactivated": _("entidad reactivada por el anfitrión"),
    "security.access_denied": _("acceso negado a una página del panel"),
    "security.lockout": _("cuenta bloqueada por intentos fallidos"),
    "security.login_failed": _("ingreso fallido"),
    "security.second_factor_failed": _("código del segundo factor equivocado"),
    "transparency.setting_cleared": _("ítem de transparencia restablecido"),
}

VERBS = {
    "create": _("creación"),
    "created": _("creación"),
    "update": _("cambio"),
    "updated": _("cambio"),
    "delete": _("eliminación"),
    "update_related": _("cambio de datos relacionados"),
    "add": _("adición"),
    "remove": _("retiro"),
    "edit": _("edición"),
    "save": _("guardado"),
    "start": _("inicio"),
    "submit": _("envío a revisión"),
    "approve": _("aprobación"),
    "correct": _("corrección"),
    "publish": _("publicación"),
    "send": _("envío"),
    "retry": _("reintento de envío"),
    "import": _("importación"),
    "generate": _("generación"),
    "move": _("cambio de orden"),
    "window": _("ventana de respuesta"),
    "zip": _("archivo ZIP"),
    "columns": _("columnas"),
    "current": _("vigente"),
}

# The objects named in action codes whose model is named otherwise (or not at all).
OBJECTS = {
    "report": _("corte"),
    "structure": _("estructura del plan"),
    "import": _("importación"),
    "action_plan": _("plan de acción"),
    "archive": _("archivo de difusión"),
    "directory": _("directorio de medios"),
    "bulletin": _("boletín"),
    "evidence": _("evidencia"),
    "form": _("formato de evaluación"),
    "question": _("pregunta"),
    "plan": _("plan de desarrollo"),
}

SECTIONS = {"forum": _("Foro"), "admin": _("Administración")}


def action_label(action: str) -> str:
    """A Spanish label for any action code; the code itself when nothing fits."""
    if action in ACTIONS:
        return str(capfirst(ACTIONS[action]))
    app_label, _dot, rest = action.partition(".")
    section = SECTIONS.get(app_label)
    if section is None:
        try:
            section = apps.get_app_config(app_label).verbose_name
        except LookupError:
            return action
    parts = rest.split(".")
    if len(parts) == 1 and parts[0] not in VERBS and "_" in parts[0]:
        parts = parts[0].rsplit("_", 1)  # "department_created", "action_create"
    verb = VERBS.get(parts[-1])
    if verb is None:
        return action
    subject = f" ({_object_name(app_label, parts[0])})" if len(parts) > 1 else ""
    return f"{capfirst(section)}: {verb}{subject}"


def _object_name(app_label: str, name: str) -> str:
    if name in OBJECTS:
        return str(OBJECTS[name])
    try:
        return str(apps.get_model(app_label, name.replace("_", ""))._meta.verbose_name)
    except LookupError:
        return name.replace("_", " ")
