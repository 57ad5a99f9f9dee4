"""The public site's sections. Each capability adds its pages here; the site map for people,
the sitemap.xml for machines and the main navigation are all built from these lists."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rinde.plan.models import Plan


@dataclass(frozen=True)
class PublicPage:
    label: str
    url_name: str
    in_main_nav: bool = False
    description: str = ""


SECTIONS: list[PublicPage] = [
    PublicPage(_("Inicio"), "portal:home", in_main_nav=True),
    PublicPage(
        _("Rendición de cuentas"),
        "exercises:list",
        in_main_nav=True,
        description=_("Cada ejercicio, sus etapas, documentos y la audiencia pública."),
    ),
    PublicPage(
        _("Plan de desarrollo"),
        "plan:overview",
        in_main_nav=True,
        description=_("El avance mensual del plan, por línea, dependencia y proyecto."),
    ),
    PublicPage(
        _("Preguntas ciudadanas"),
        "questions:lookup",
        in_main_nav=True,
        description=_("Haga una pregunta, siga la suya con su código y lea las respuestas."),
    ),
    PublicPage(
        _("Boletines"),
        "outreach:bulletins",
        in_main_nav=True,
        description=_("Las noticias de la rendición de cuentas, también por RSS."),
    ),
    PublicPage(
        _("Datos abiertos"),
        "portal:datos",
        in_main_nav=True,
        description=_("Las tablas públicas en CSV, XLSX y JSON, con su diccionario de columnas."),
    ),
    PublicPage(
        _("API de datos abiertos"),
        "api:docs",
        description=_("Consulta de solo lectura para programas: JSON paginado, con filtros."),
    ),
    PublicPage(
        _("Buscar en el sitio"),
        "search:search",
        description=_("El plan, los documentos, las preguntas, los boletines y más, por palabras."),
    ),
    PublicPage(
        _("Informe trimestral de solicitudes"),
        "questions:quarterly",
        description=_(
            "Recibidas, trasladadas, negadas y tiempos de respuesta (Decreto 103 de 2015)."
        ),
    ),
    PublicPage(
        _("Transparencia"),
        "transparency:transparency",
        in_main_nav=True,
        description=_(
            "La información pública de la entidad con la numeración de la Resolución 1519 de 2020."
        ),
    ),
    PublicPage(
        _("Participa"),
        "transparency:participa",
        in_main_nav=True,
        description=_(
            "Diagnóstico, planeación, consulta, colaboración, rendición de cuentas y control social."
        ),
    ),
]
SECTIONS.append(
    PublicPage(
        _("Entidades de este sitio"),
        "hosting:entities",
        description=_(
            "Las cifras publicadas de cada entidad que rinde cuentas en esta instalación."
        ),
    )
)
SECTIONS.append(
    PublicPage(
        _("Suscripciones, feeds y calendarios"),
        "subscriptions:index",
        description=_("RSS y Atom, el calendario de eventos y las novedades por correo."),
    )
)
SECTIONS.append(
    PublicPage(
        _("Boletines por correo"),
        "subscriptions:bulletins",
        description=_("Reciba cada boletín de prensa en su correo, con doble confirmación."),
    )
)

LEGAL_PAGES: list[PublicPage] = [
    PublicPage(_("Política de privacidad y tratamiento de datos personales"), "portal:privacy"),
    PublicPage(_("Términos y condiciones de uso"), "portal:terms"),
    PublicPage(
        _("Mis datos personales"),
        "holders:start",
        description=_(
            "Vea, descargue, corrija o pida suprimir los datos que el portal guarda suyos."
        ),
    ),
    PublicPage(_("Declaración de accesibilidad"), "portal:accessibility"),
    PublicPage(_("Derechos de autor"), "portal:copyright"),
    PublicPage(_("Mapa del sitio"), "portal:site_map"),
]

# What is coming, shown on the home page until each capability lands.
UPCOMING: list[tuple[str, str]] = []


def main_nav() -> list[PublicPage]:
    return [page for page in SECTIONS if page.in_main_nav]


def all_pages() -> list[PublicPage]:
    return SECTIONS + LEGAL_PAGES


def plan_pages() -> list[tuple[str, str]]:
    """(label, address) of each development plan's own dashboard (/plan/2020-2023/),
    newest first, for the site map: an earlier plan's pages stay reachable after the next."""
    return [
        (f"{name} {start}–{end}", reverse("plan:overview", args=[slug]))
        for name, start, end, slug in Plan.objects.order_by("-start_year").values_list(
            "name", "start_year", "end_year", "slug"
        )
    ]
