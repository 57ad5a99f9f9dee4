"""The «Transparencia y acceso a la información pública» menu of Resolución MinTIC 1519 de
2020, Anexo 2, as data: its categories and items with their numbers, and for the items Rinde
holds, the feed (transparency.feeds) that lists Rinde's own pages for it. An item Rinde does
not hold is kept elsewhere by the entity: the administrator gives its link, or says it does
not apply and why (models.ItemSetting)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    number: str
    title: str
    # A name in feeds.FEEDS, when Rinde's own pages publish the item.
    feed: str = ""


@dataclass(frozen=True)
class Category:
    number: str
    title: str
    items: tuple[Item, ...] = field(default_factory=tuple)


MENU: tuple[Category, ...] = (
    Category(
        "1",
        _("Información de la entidad"),
        (
            Item("1.1", _("Misión, visión, funciones y deberes")),
            Item("1.2", _("Estructura orgánica: organigrama")),
            Item("1.3", _("Mapas y cartas descriptivas de los procesos")),
            Item("1.4", _("Directorio institucional: sedes, oficinas y dependencias")),
            Item("1.5", _("Directorio de servidores públicos, empleados y contratistas")),
            Item("1.6", _("Directorio de entidades")),
            Item("1.7", _("Directorio de agremiaciones, asociaciones y otros grupos de interés")),
            Item("1.8", _("Servicio al público, normas, formularios y protocolos de atención")),
            Item("1.9", _("Procedimientos que se siguen para tomar decisiones")),
            Item(
                "1.10",
                _("Mecanismo de presentación directa de solicitudes, quejas y reclamos"),
                feed="requests",
            ),
            Item("1.11", _("Calendario de actividades y eventos"), feed="calendar"),
            Item("1.12", _("Información sobre decisiones que pueden afectar al público")),
            Item("1.13", _("Entes y autoridades que vigilan a la entidad")),
            Item("1.14", _("Publicación de hojas de vida de aspirantes")),
        ),
    ),
    Category(
        "2",
        _("Normativa"),
        (
            Item("2.1", _("Normativa de la entidad")),
            Item("2.2", _("Búsqueda de normas")),
            Item("2.3", _("Proyectos de normas para comentarios")),
        ),
    ),
    Category(
        "3",
        _("Contratación"),
        (
            Item("3.1", _("Plan anual de adquisiciones")),
            Item("3.2", _("Publicación de la información contractual")),
            Item("3.3", _("Publicación de la ejecución de los contratos")),
            Item("3.4", _("Manual de contratación, adquisición y compras")),
            Item("3.5", _("Formatos o modelos de contratos o pliegos tipo")),
        ),
    ),
    Category(
        "4",
        _("Planeación, presupuesto e informes"),
        (
            Item("4.1", _("Presupuesto general de ingresos, gastos e inversión")),
            Item("4.2", _("Ejecución presupuestal")),
            Item("4.3", _("Plan de acción"), feed="action_plans"),
            Item("4.4", _("Proyectos de inversión"), feed="projects"),
            Item("4.5", _("Informes de empalme")),
            Item("4.6", _("Información pública y relevante")),
            Item("4.7", _("Informes de gestión, evaluación y auditoría"), feed="reports"),
            Item("4.8", _("Informes de la oficina de control interno")),
            Item("4.9", _("Informe sobre defensa pública y prevención del daño antijurídico")),
            Item(
                "4.10",
                _("Informes trimestrales sobre acceso a información, quejas y reclamos"),
                feed="quarterly",
            ),
        ),
    ),
    Category(
        "5", _("Trámites"), (Item("5.1", _("Trámites: normas, procesos, costos y formatos")),)
    ),
    Category("6", _("Participa"), (Item("6.1", _("Menú Participa"), feed="participa"),)),
    Category(
        "7",
        _("Datos abiertos"),
        (
            Item(
                "7.1",
                _(
                    "Instrumentos de gestión de la información: registro de activos, índice de "
                    "información clasificada y reservada, esquema de publicación, gestión "
                    "documental"
                ),
            ),
            Item("7.2", _("Sección de datos abiertos"), feed="open_data"),
        ),
    ),
    Category(
        "8",
        _("Información específica para grupos de interés"),
        (
            Item("8.1", _("Información para niñas, niños y adolescentes")),
            Item("8.2", _("Información para mujeres")),
            Item("8.3", _("Información para otros grupos de interés")),
        ),
    ),
    Category(
        "9",
        _("Obligación de reporte de información específica por parte de la entidad"),
        (Item("9.1", _("Información que la entidad debe reportar por norma")),),
    ),
    Category(
        "10",
        _("Información tributaria en entidades territoriales locales"),
        (
            Item("10.1", _("Procesos de recaudo de rentas locales")),
            Item("10.2", _("Tarifas de liquidación del impuesto de industria y comercio")),
        ),
    ),
)


def all_items() -> list[Item]:
    return [item for category in MENU for item in category.items]


def find(number: str) -> Item | None:
    return next((item for item in all_items() if item.number == number), None)
