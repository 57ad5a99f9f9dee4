"""The read-only public API: one GET operation per resource, each a page of rows from
resources.py. The HTTP rules common to all (HEAD, rate limit, ETag, 304) are in http.py."""

import copy
from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Query
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from rinde.api import resources, schemas
from rinde.api.http import error_response
from rinde.api.pages import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, PageNotFound, paginate
from rinde.exercises.models import EXERCISE_SLUG_PATTERN


class Renderer(JSONRenderer):
    # Spanish text as UTF-8, not \u escapes: half the size, and readable in a browser.
    json_dumps_params = {"ensure_ascii": False}


class RindeAPI(NinjaAPI):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._schemas: dict = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # The document only changes with the code: built once per process (~0.1 s each).
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        if key not in self._schemas:
            schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            for operation in (op for path in schema["paths"].values() for op in path.values()):
                for status, response in operation.get("responses", {}).items():
                    response["description"] = DESCRIPTIONS.get(int(status), response["description"])
            self._schemas[key] = schema
        return copy.deepcopy(self._schemas[key])


ERRORS = {
    400: "Un parámetro no es válido.",
    404: "No existe (o la página pedida pasa de la última).",
    429: "Demasiadas consultas desde la misma dirección.",
}
DESCRIPTIONS = {200: "Respuesta correcta.", **ERRORS}


def answers(schema) -> dict:
    """What an operation answers: `schema`, or one of the errors, all as Spanish JSON."""
    return {200: schema, **dict.fromkeys(ERRORS, schemas.Error)}


api = RindeAPI(
    title="API de datos abiertos de Rinde",
    version="1",
    description=(
        "Consulta de solo lectura de la rendición de cuentas: plan de desarrollo, metas, "
        "cortes de avance, ejercicios, documentos, eventos, preguntas ciudadanas con sus "
        "respuestas publicadas, resultados de encuestas y evaluaciones (solo cifras "
        "agregadas), acciones de mejora y boletines. Sin datos personales. Cada lista está "
        "paginada (pagina, por_pagina) y cada respuesta lleva ETag y Last-Modified."
    ),
    urls_namespace="api",
    renderer=Renderer(),
    docs_url=None,
    openapi_url="/openapi.json",
)

# Query parameters shared by the operations ---------------------------------------------------

SLUG = r"^[-a-zA-Z0-9_]+$"
# Project codes are dotted: 1.2.3.
PROJECT_CODE = r"^[-a-zA-Z0-9_.]+$"
PAGE = Query(1, ge=1, le=MAX_PAGE, description="Número de página, desde 1.")
PER_PAGE = Query(
    DEFAULT_PER_PAGE,
    ge=1,
    le=MAX_PER_PAGE,
    description=f"Resultados por página (máx. {MAX_PER_PAGE}).",
)


EXERCISE = Query(
    None,
    pattern=rf"^{EXERCISE_SLUG_PATTERN}$",
    max_length=40,
    description="Identificador del ejercicio: 2023, 2027-infancia.",
)
# The plan's address as plan.urls.PlanSlugConverter reads it.
PLAN = Query(
    None,
    pattern=r"^[0-9]{4}-[0-9]{4}(?:-[0-9]+)?$",
    max_length=40,
    description="Identificador del plan: 2020-2023.",
)
DEPARTMENT = Query(
    None, pattern=SLUG, max_length=40, description="Código de la dependencia: infraestructura."
)
SINCE = Query(None, description="Desde esta fecha (AAAA-MM-DD), incluida.")
UNTIL = Query(None, description="Hasta esta fecha (AAAA-MM-DD), incluida.")
DOCUMENT_KIND = Query(None, description="Tipo de documento.")
EVENT_KIND = Query(None, description="Tipo de evento.")
QUESTION_STATUS = Query(None, description="Estado de la pregunta.")
IMPROVEMENT_STATUS = Query(None, description="Estado de la acción.")
YEAR = Query(None, ge=2000, le=2100, description="Año del ejercicio.")
PROJECT = Query(None, pattern=PROJECT_CODE, max_length=20, description="Código del proyecto.")


def _page(request: HttpRequest, rows, page: int, per_page: int, row) -> dict:
    try:
        items, envelope = paginate(request, rows, page=page, per_page=per_page)
    except PageNotFound:
        raise HttpError(404, str(PAGE_NOT_FOUND)) from None
    return {**envelope, "resultados": [row(item) for item in items]}


# Errors ---------------------------------------------------------------------------------------

PAGE_NOT_FOUND = _("Esa página no existe: pasa de la última.")

PROBLEMS = {
    "missing": _("Falta este parámetro."),
    "int_parsing": _("Debe ser un número entero."),
    "int_from_float": _("Debe ser un número entero."),
    "greater_than_equal": _("Es demasiado pequeño."),
    "less_than_equal": _("Es demasiado grande."),
    "date_parsing": _("Debe ser una fecha AAAA-MM-DD."),
    "date_from_datetime_parsing": _("Debe ser una fecha AAAA-MM-DD."),
    "date_from_datetime_inexact": _("Debe ser una fecha AAAA-MM-DD."),
    "string_pattern_mismatch": _("No tiene la forma esperada."),
    "string_too_long": _("Es demasiado largo."),
    "literal_error": _("No es uno de los valores aceptados."),
}


@api.exception_handler(NinjaValidationError)
def invalid_parameters(request, exc):
    errors = [
        {
            "parametro": str(error.get("loc", ["", "?"])[-1]),
            "mensaje": str(PROBLEMS.get(error.get("type", ""), _("Valor no válido."))),
        }
        for error in exc.errors
    ]
    return error_response(400, str(_("Revise los parámetros de la consulta.")), errors)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return error_response(exc.status_code, str(exc))


# Operations -----------------------------------------------------------------------------------

RESOURCES = {
    "ejercicios": "api:exercises",
    "planes": "api:plans",
    "metas": "api:goals",
    "cortes": "api:cuts",
    "documentos": "api:documents",
    "eventos": "api:events",
    "preguntas": "api:questions",
    "encuestas": "api:surveys",
    "evaluaciones": "api:evaluations",
    "acciones_de_mejora": "api:improvements",
    "boletines": "api:bulletins",
}


@api.get("/", response=answers(schemas.Index), url_name="index", summary="Índice de la API")
def index(request: HttpRequest):
    """Los recursos de la API y dónde está su documentación."""
    absolute = request.build_absolute_uri
    return {
        "nombre": api.title,
        "documentacion": absolute(reverse("api:docs")),
        "openapi": absolute(reverse("api:openapi-json")),
        "recursos": {name: absolute(reverse(url)) for name, url in RESOURCES.items()},
    }


@api.get(
    "/ejercicios",
    response=answers(schemas.page_of(schemas.ExerciseOut, "ExercisePage")),
    url_name="exercises",
    summary="Ejercicios de rendición de cuentas",
)
def exercises(
    request: HttpRequest,
    anio: int | None = YEAR,
    pagina: int = PAGE,
    por_pagina: int = PER_PAGE,
):
    """Los ejercicios publicados, del más reciente al más antiguo."""
    rows = resources.exercises(year=anio)
    return _page(request, rows, pagina, por_pagina, lambda e: resources.exercise_row(request, e))


@api.get(
    "/planes",
    response=answers(schemas.page_of(schemas.PlanOut, "PlanPage")),
    url_name="plans",
    summary="Planes de desarrollo",
)
def plans(request: HttpRequest, pagina: int = PAGE, por_pagina: int = PER_PAGE):
    """Los planes de desarrollo, con sus líneas estratégicas; el vigente está marcado."""
    rows = resources.plans()
    return _page(request, rows, pagina, por_pagina, lambda p: resources.plan_row(request, p))


@api.get(
    "/metas",
    response=answers(schemas.page_of(schemas.GoalOut, "GoalPage")),
    url_name="goals",
    summary="Metas (indicadores de producto) del plan",
)
def goals(
    request: HttpRequest,
    plan: str | None = PLAN,
    dependencia: str | None = DEPARTMENT,
    proyecto: str | None = PROJECT,
    pagina: int = PAGE,
    por_pagina: int = PER_PAGE,
):
    """Cada indicador de producto con su proyecto, programa, componente y línea, su meta del
    cuatrienio y sus metas anuales."""
    rows = resources.goals(plan=plan, department=dependencia, project=proyecto)
    return _page(request, rows, pagina, por_pagina, lambda g: resources.goal_row(request, g))


@api.get(
    "/cortes",
    response=answers(schemas.page_of(schemas.CutOut, "CutPage")),
    url_name="cuts",
    summary="Cortes de avance (mensuales o trimestrales)",
)
def cuts(
    request: HttpRequest,
    plan: str | None = PLAN,
    dependencia: str | None = DEPARTMENT,
    desde: date | None = SINCE,
    hasta: date | None = UNTIL,
    pagina: int = PAGE,
    por_pagina: int = PER_PAGE,
):
    """Los cortes aprobados por Planeación (desde/hasta: el periodo del corte), con el valor de cada meta y la ejecución
    presupuestal de cada proyecto. Una corrección es una versión nueva; la anterior sigue
    aquí con «vigente» falso."""
    rows = resources.cuts(plan=plan, department=dependencia, since=desde, until=hasta)
    return _page(request, rows, pagina, por_pagina, lambda c: resources.cut_row(request, c))


@api.get(
    "/documentos",
    response=answers(schemas.page_of(schemas.DocumentOut, "DocumentPage")),
    url_name="documents",
    summary="Documentos de los ejercicios",
)
def documents(
    request: HttpRequest,
    ejercicio: str | None = EXERCISE,
    tipo: schemas.DocumentKind | None = DOCUMENT_KIND,
    desde: date | None = SINCE,
    hasta: date | None = UNTIL,
    pagina: int = PAGE,
    por_pagina: int = PER_PAGE,
):
    """Los documentos publicados (informe de gestión, actas, informes de veeduría…), con su
    resumen accesible, su PDF y su suma SHA-256 (desde/hasta: la fecha del documento)."""
    rows = resources.documents(exercise=ejercicio, kind=tipo, since=desde, until=hasta)
    return _page(request, rows, pagina, por_pagina, lambda d: resources.document_row(request, d))


@api.get(
    "/eventos",
    response=answers(schemas.page_of(schemas.EventOut, "EventPage")),
    url_name="events",
    summary="Eventos: audiencias públicas y espacios de diálogo",
)
def events(
    request: HttpRequest,
    ejercicio: str | None = EXERCISE,
    tipo: schemas.EventKind | None = EVENT_KIND,
    desde: date | None = SINCE,
    hasta: date | None = UNTIL,
    pagina: int = PAGE,
    por_pagina: int = PER_PAGE,
):
    """Los eventos de los ejercicios publicados, en orden de fecha (desde/hasta: el día de
    inicio)."""
    rows = resources.events(exercise=ejercicio, kind=tipo, since=desde, until=hasta)
    return _page(request, rows, pagina, por_pagina, lambda e: resources.event_row(request, e))


@api.get(
    "/preguntas",
    response=answers(schemas.page_of(schemas.QuestionOut, "QuestionPage")),
    url_name="questions",
    summary="Preguntas ciudadanas y sus respuestas publicadas",
)
def questions(
    request: HttpRequest,
    ejercicio: str | None = EXERCISE,
    dependencia: str | None = DEPARTMENT,
    estado: schemas.QuestionStatus | None = QUESTION_STATUS,
    desde: date | None = SINCE,
    hasta: date | None = UNTIL,
    pagina: int = PAGE,
    por_pagina: int = PER_PAGE,
):
    """Cada pregunta pública con sus plazos legales y sus respuestas publicadas. Nunca el
    nombre ni los datos de contacto de quien pregunta: los correos, teléfonos y números de
    documento escritos en el texto se muestran ocultos (desde/hasta: la fecha legal de
    recibo)."""
    rows = resources.questions(
        exercise=ejercicio, department=dependencia, status=estado, since=desde, until=hasta
    )
    return _page(request, rows, pagina, por_pagina, lambda q: resources.question_row(request, q))


@api.get(
    "/encuestas",
    response=answers(schemas.page_of(schemas.SurveyOut, "SurveyPage")),
    url_name="surveys",
    summary="Resultados de las encuestas de temas",
)
def surveys(
    request: HttpRequest,
    ejercicio: str | None = EXERCISE,
    pagina: int = PAGE,
    por_pagina: int = PER_PAGE,
):
    """Los resultados de cada encuesta cerrada: personas por tema y por perfil. Solo cifras
    agregadas; en el grupo poblacional, los grupos de 1 a 4 personas se muestran «<5»."""
    rows = resources.surveys(exercise=ejercicio)
    try:
        items, envelope = paginate(request, rows, page=pagina, per_page=por_pagina)
    except PageNotFound:
        raise HttpError(404, str(PAGE_NOT_FOUND)) from None
    return {**envelope, "resultados": resources.survey_rows(items)}


@api.get(
    "/evaluaciones",
    response=answers(schemas.page_of(schemas.EvaluationOut, "EvaluationPage")),
    url_name="evaluations",
    summary="Resultados de las evaluaciones de las audiencias",
)
def evaluations(
    request: HttpRequest,
    ejercicio: str | None = EXERCISE,
    pagina: int = PAGE,
    por_pagina: int = PER_PAGE,
):
    """Los resultados de cada formato de evaluación cerrado: respuestas por opción y
    promedios. Sin los comentarios libres."""
    rows = resources.evaluations(exercise=ejercicio)
    try:
        items, envelope = paginate(request, rows, page=pagina, per_page=por_pagina)
    except PageNotFound:
        raise HttpError(404, str(PAGE_NOT_FOUND)) from None
    return {**envelope, "resultados": resources.evaluation_rows(items)}


@api.get(
    "/acciones-de-mejora",
    response=answers(schemas.page_of(schemas.ImprovementOut, "ImprovementPage")),
    url_name="improvements",
    summary="Acciones de mejora",
)
def improvements(
    request: HttpRequest,
    ejercicio: str | None = EXERCISE,
    dependencia: str | None = DEPARTMENT,
    estado: schemas.ImprovementStatus | None = IMPROVEMENT_STATUS,
    pagina: int = PAGE,
    por_pagina: int = PER_PAGE,
):
    """El plan de mejoramiento: cada acción, de dónde nace, quién responde y su estado."""
    today = timezone.localdate()
    rows = resources.improvements(exercise=ejercicio, department=dependencia, status=estado)
    return _page(
        request, rows, pagina, por_pagina, lambda a: resources.improvement_row(request, a, today)
    )


@api.get(
    "/boletines",
    response=answers(schemas.page_of(schemas.BulletinOut, "BulletinPage")),
    url_name="bulletins",
    summary="Boletines de prensa",
)
def bulletins(
    request: HttpRequest,
    ejercicio: str | None = EXERCISE,
    desde: date | None = SINCE,
    hasta: date | None = UNTIL,
    pagina: int = PAGE,
    por_pagina: int = PER_PAGE,
):
    """Los boletines publicados, del más reciente al más antiguo (desde/hasta: el día de
    publicación)."""
    rows = resources.bulletins(exercise=ejercicio, since=desde, until=hasta)
    return _page(request, rows, pagina, por_pagina, lambda b: resources.bulletin_row(request, b))
