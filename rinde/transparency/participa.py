"""The «Participa» menu (Resolución 1519 de 2020, Anexo 2; Manual Único de Rendición de
Cuentas): its six sections as data, each fed by Rinde's own pages (transparency.feeds)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    description: str
    feeds: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "diagnostico",
        _("Diagnóstico e identificación de problemas"),
        _(
            "La ciudadanía señala los problemas y temas que le importan antes de que la "
            "entidad decida: consultas de temas y foros abiertos."
        ),
        ("surveys", "forums"),
    ),
    Section(
        "planeacion",
        _("Planeación y presupuesto participativo"),
        _(
            "El plan de desarrollo, sus proyectos de inversión y el Plan de Acción de cada año, "
            "con su avance, para opinar sobre lo que se planea y se invierte."
        ),
        ("action_plans", "projects"),
    ),
    Section(
        "consulta",
        _("Consulta ciudadana"),
        _("Las consultas abiertas a la ciudadanía y sus resultados, cuando la consulta cierra."),
        ("surveys",),
    ),
    Section(
        "colaboracion",
        _("Colaboración e innovación abierta"),
        _(
            "Datos abiertos para que cualquiera los reutilice, y foros para proponer "
            "soluciones con la entidad."
        ),
        ("open_data", "forums"),
    ),
    Section(
        "rendicion",
        _("Rendición de cuentas"),
        _(
            "La estrategia y el informe de gestión, la audiencia pública, las preguntas "
            "ciudadanas con sus respuestas y la evaluación de cada ejercicio."
        ),
        ("exercises", "strategy", "hearings", "questions", "evaluations"),
    ),
    Section(
        "control-social",
        _("Control social"),
        _(
            "Lo que veedurías y ciudadanos necesitan para vigilar la gestión: informes de "
            "veeduría, el plan de mejoramiento y su avance, y el informe trimestral de "
            "solicitudes."
        ),
        ("oversight_reports", "improvement_plans", "quarterly"),
    ),
)
