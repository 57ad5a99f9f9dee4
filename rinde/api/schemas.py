"""What each API resource looks like, with its Spanish description for the OpenAPI document.

Field names are Spanish, as in the open-data tables (/datos/): the people who read them are
Colombian journalists and citizens. Decimal figures (goals, values, pesos) travel as text
so no digit is lost to a float. Descriptions are plain Spanish strings rather than gettext:
the schema is built once, at import, before any request says which language it wants."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import create_model

DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"


def decimal_field(description: str):
    return Field(..., description=description, pattern=DECIMAL)


class Error(Schema):
    detalle: str = Field(..., description="Qué salió mal, en español.")
    errores: list["ParameterError"] = Field(
        default_factory=list, description="Los parámetros con problemas, uno por uno."
    )


class ParameterError(Schema):
    parametro: str = Field(..., description="El parámetro de la consulta que no se aceptó.")
    mensaje: str = Field(..., description="Por qué no se aceptó.")


Error.model_rebuild()


class Index(Schema):
    nombre: str = Field(..., description="El nombre de la API.")
    documentacion: str = Field(..., description="La referencia legible de la API.")
    openapi: str = Field(..., description="El documento OpenAPI de la API.")
    recursos: dict[str, str] = Field(..., description="Cada recurso y su dirección.")


class DepartmentRef(Schema):
    codigo: str = Field(..., description="Código de la dependencia (el filtro «dependencia»).")
    nombre: str = Field(..., description="Nombre de la dependencia.")


class CodeName(Schema):
    codigo: str = Field(..., description="Código en el plan.")
    nombre: str = Field(..., description="Nombre.")


class ExerciseOut(Schema):
    slug: str = Field(..., description="Identificador del ejercicio (el filtro «ejercicio»).")
    anio: int = Field(..., description="Año del ejercicio.")
    titulo: str = Field(..., description="Título del ejercicio.")
    instrumento: str = Field(
        ..., description="Instrumento de planeación que contiene la estrategia (PAAC o PTEP)."
    )
    resumen: str = Field(..., description="Resumen del ejercicio.")
    inicio: date = Field(..., description="Fecha de inicio.")
    fin: date = Field(..., description="Fecha de fin.")
    url: str = Field(..., description="Página pública del ejercicio.")


class PlanOut(Schema):
    slug: str = Field(..., description="Identificador del plan (el filtro «plan»).")
    nombre: str = Field(..., description="Nombre del plan de desarrollo.")
    anio_inicial: int = Field(..., description="Primer año del plan.")
    anio_final: int = Field(..., description="Último año del plan.")
    vigente: bool = Field(..., description="Si es el plan vigente.")
    acto_de_adopcion: str = Field(..., description="Acuerdo u ordenanza que lo adoptó.")
    frecuencia_cortes: str = Field(
        ..., description="Cada cuánto se publican los cortes: Mensual, Trimestral o Anual."
    )
    lineas: list[CodeName] = Field(..., description="Sus líneas estratégicas.")
    url: str = Field(..., description="Tablero público del plan.")


class YearTargetOut(Schema):
    anio: int = Field(..., description="Año.")
    meta: str = decimal_field("Meta del año.")


class GoalOut(Schema):
    plan: str = Field(..., description="Identificador del plan.")
    codigo: str = Field(..., description="Código del indicador de producto (la meta).")
    codigo_mga: str = Field(..., description="Código MGA, si lo tiene.")
    nombre: str = Field(..., description="Nombre del indicador de producto.")
    unidad: str = Field(..., description="Unidad de medida.")
    tendencia: str = Field(..., description="Incremento, Mantenimiento o Reducción.")
    linea_base: str = decimal_field("Línea base (número).")
    linea_base_texto: str = Field(
        ..., description="La línea base como la escribió el plan, cuando no es un número."
    )
    meta_cuatrienio: str = decimal_field("Meta del cuatrienio.")
    peso: str = decimal_field("Peso del indicador dentro de su proyecto.")
    dependencia: DepartmentRef = Field(..., description="Dependencia responsable de la meta.")
    linea: CodeName = Field(..., description="Línea estratégica.")
    componente: CodeName = Field(..., description="Componente o sector.")
    programa: CodeName = Field(..., description="Programa.")
    proyecto: CodeName = Field(..., description="Proyecto.")
    bpin: str = Field(..., description="Código BPIN del proyecto, si lo tiene.")
    metas_anuales: list[YearTargetOut] = Field(..., description="Metas de cada año.")


class CutValueOut(Schema):
    meta: str = Field(..., description="Código del indicador de producto.")
    valor: str = decimal_field("Valor logrado en el periodo.")


class CutBudgetOut(Schema):
    proyecto: str = Field(..., description="Código del proyecto.")
    apropiacion: str = decimal_field("Apropiación, en pesos colombianos.")
    compromisos: str = decimal_field("Compromisos, en pesos colombianos.")
    obligaciones: str = decimal_field("Obligaciones, en pesos colombianos.")
    pagos: str = decimal_field("Pagos, en pesos colombianos.")
    logros: str = Field(..., description="Logros del periodo.")
    dificultades: str = Field(..., description="Dificultades del periodo.")


class CutOut(Schema):
    id: int = Field(..., description="Identificador del corte.")
    plan: str = Field(..., description="Identificador del plan.")
    dependencia: DepartmentRef = Field(..., description="Dependencia que reporta.")
    periodo: date = Field(
        ..., description="Primer día del último mes del periodo (un trimestre ene–mar: 1 de marzo)."
    )
    frecuencia: str = Field(..., description="Mensual, Trimestral o Anual.")
    version: int = Field(..., description="Versión: una corrección publicada es una versión nueva.")
    vigente: bool = Field(
        ..., description="Falso si una corrección posterior lo reemplazó (sigue visible)."
    )
    publicado: datetime | None = Field(..., description="Cuándo Planeación lo aprobó y publicó.")
    valores: list[CutValueOut] = Field(..., description="Valor de cada meta en el periodo.")
    ejecucion: list[CutBudgetOut] = Field(..., description="Ejecución de cada proyecto.")


class DocumentOut(Schema):
    id: int = Field(..., description="Identificador del documento.")
    ejercicio: str = Field(..., description="Identificador del ejercicio.")
    tipo: str = Field(..., description="Código del tipo de documento (el filtro «tipo»).")
    tipo_nombre: str = Field(..., description="Tipo de documento.")
    titulo: str = Field(..., description="Título.")
    fecha: date = Field(..., description="Fecha del documento.")
    version: int = Field(..., description="Versión (las correcciones son versiones nuevas).")
    corrige_a: int | None = Field(..., description="El documento que esta versión corrige.")
    resumen: str = Field(..., description="Resumen accesible del documento, en texto.")
    archivo: str | None = Field(..., description="Dirección del PDF publicado.")
    tamano: int = Field(..., description="Tamaño del PDF en bytes.")
    sha256: str = Field(..., description="Suma de verificación SHA-256 del PDF.")
    publicado: datetime | None = Field(..., description="Cuándo se publicó.")


class EventOut(Schema):
    id: int = Field(..., description="Identificador del evento.")
    ejercicio: str = Field(..., description="Identificador del ejercicio.")
    tipo: str = Field(..., description="Código del tipo de evento (el filtro «tipo»).")
    tipo_nombre: str = Field(..., description="Tipo de evento.")
    titulo: str = Field(..., description="Título.")
    inicio: datetime = Field(..., description="Inicio (hora de Colombia).")
    fin: datetime = Field(..., description="Fin (hora de Colombia).")
    modalidad: str = Field(..., description="Presencial, Virtual o Híbrida.")
    lugar: str = Field(..., description="Lugar.")
    direccion: str = Field(..., description="Dirección del lugar.")
    transmision: str = Field(..., description="Enlace de la transmisión en vivo.")
    grabacion: str = Field(..., description="Enlace de la grabación.")
    url: str = Field(..., description="Página pública del evento.")


class AnswerOut(Schema):
    version: int = Field(..., description="Versión de la respuesta.")
    texto: str = Field(..., description="Texto de la respuesta, sin datos personales.")
    publicada: datetime | None = Field(..., description="Cuándo se publicó.")


class QuestionOut(Schema):
    codigo: str = Field(..., description="Código de seguimiento de la pregunta.")
    ejercicio: str = Field(..., description="Identificador del ejercicio.")
    texto: str = Field(
        ...,
        description="La pregunta, con los correos, teléfonos y documentos de identidad ocultos.",
    )
    tema: str = Field(..., description="Tema.")
    dependencia: DepartmentRef | None = Field(..., description="Dependencia que responde.")
    tipo: str = Field(..., description="Tipo de petición y su término legal.")
    canal: str = Field(..., description="Canal por el que llegó.")
    estado: str = Field(..., description="Código del estado (el filtro «estado»).")
    estado_nombre: str = Field(..., description="Estado.")
    recibida: date = Field(..., description="Fecha legal de recibo.")
    vence: date = Field(..., description="Vencimiento inicial del término legal.")
    vence_con_prorroga: date = Field(..., description="Vencimiento vigente, con prórroga.")
    respondida: date | None = Field(..., description="Fecha de la respuesta.")
    fundamento: str = Field(..., description="Fundamento legal del término.")
    remitida_a: str = Field(..., description="Autoridad a la que se remitió, si no era nuestra.")
    respuestas: list[AnswerOut] = Field(..., description="Respuestas publicadas, en orden.")
    url: str = Field(..., description="Página pública de la pregunta.")


class SurveyOptionOut(Schema):
    tema: str = Field(..., description="Tema propuesto.")
    personas: int = Field(..., description="Personas que lo eligieron.")
    porcentaje: int = Field(..., description="Porcentaje de las respuestas que lo eligieron.")


class ProfileCellOut(Schema):
    tema: str = Field(..., description="Tema propuesto.")
    grupo: str = Field(..., description="Grupo del perfil (rango de edad, comuna…).")
    personas: int | str = Field(
        ...,
        description="Personas; en el grupo poblacional, los grupos de 1 a 4 se muestran «<5».",
    )


class SurveyProfileOut(Schema):
    perfil: str = Field(..., description="El dato del perfil por el que se agrupa.")
    celdas: list[ProfileCellOut] = Field(..., description="Cifras por tema y grupo.")


class SurveyOut(Schema):
    id: int = Field(..., description="Identificador de la encuesta.")
    ejercicio: str = Field(..., description="Identificador del ejercicio.")
    pregunta: str = Field(..., description="La pregunta de la encuesta.")
    cerro: datetime = Field(..., description="Cuándo cerró.")
    respuestas: int = Field(..., description="Respuestas contadas.")
    opciones: list[SurveyOptionOut] = Field(..., description="Resultado por tema.")
    perfiles: list[SurveyProfileOut] = Field(
        ..., description="Resultado por perfil de quien respondió (solo cifras agregadas)."
    )


class EvaluationOptionOut(Schema):
    codigo: str = Field(..., description="Código de la opción.")
    etiqueta: str = Field(..., description="Opción.")
    respuestas: int = Field(..., description="Respuestas que la eligieron.")


class EvaluationQuestionOut(Schema):
    codigo: str = Field(..., description="Código de la pregunta.")
    texto: str = Field(..., description="Pregunta.")
    tipo: str = Field(..., description="Tipo de pregunta.")
    promedio: float | None = Field(..., description="Promedio, en las preguntas de escala.")
    opciones: list[EvaluationOptionOut] = Field(
        ..., description="Respuestas por opción (vacío en las de texto libre)."
    )


class EvaluationOut(Schema):
    id: int = Field(..., description="Identificador del formato de evaluación.")
    ejercicio: str = Field(..., description="Identificador del ejercicio.")
    evento: str = Field(..., description="Evento evaluado.")
    titulo: str = Field(..., description="Título del formato.")
    cerro: datetime = Field(..., description="Cuándo cerró.")
    respuestas: int = Field(..., description="Evaluaciones recibidas (en línea y en papel).")
    preguntas: list[EvaluationQuestionOut] = Field(..., description="Resultado por pregunta.")


class ImprovementOut(Schema):
    id: int = Field(..., description="Identificador de la acción de mejora.")
    ejercicio: str = Field(..., description="Identificador del ejercicio.")
    descripcion: str = Field(..., description="La acción de mejora.")
    origen: str = Field(..., description="De qué resultado nace.")
    de_donde_viene: str = Field(..., description="Lo que la originó, en pocas palabras.")
    dependencia: DepartmentRef = Field(..., description="Dependencia responsable.")
    fecha_limite: date = Field(..., description="Fecha límite.")
    estado: str = Field(..., description="Código del estado (el filtro «estado»).")
    estado_nombre: str = Field(..., description="Estado.")
    vencida: bool = Field(..., description="Si pasó su fecha límite sin cumplirse.")
    evidencia: str = Field(..., description="Enlace a la evidencia.")
    evidencia_archivo: str | None = Field(..., description="Dirección del PDF de evidencia.")


class BulletinOut(Schema):
    slug: str = Field(..., description="Identificador del boletín.")
    ejercicio: str | None = Field(..., description="Identificador del ejercicio, si tiene.")
    titulo: str = Field(..., description="Título.")
    entradilla: str = Field(..., description="Entradilla.")
    texto: str = Field(..., description="Texto del boletín.")
    imagen: str | None = Field(..., description="Dirección de la imagen.")
    imagen_alt: str = Field(..., description="Texto alternativo de la imagen.")
    publicado: datetime = Field(..., description="Cuándo se publicó.")
    url: str = Field(..., description="Página pública del boletín.")


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The envelope of a paginated list of `item`s."""
    return create_model(
        name,
        __base__=Schema,
        total=(int, Field(..., description="Cuántos resultados hay en total.")),
        pagina=(int, Field(..., description="Esta página.")),
        paginas=(int, Field(..., description="Cuántas páginas hay.")),
        siguiente=(str | None, Field(..., description="Dirección de la página siguiente.")),
        anterior=(str | None, Field(..., description="Dirección de la página anterior.")),
        resultados=(list[item], Field(..., description="Los resultados de esta página.")),
    )


QuestionStatus = Literal["received", "assigned", "in_review", "answered", "at_hearing", "forwarded"]
ImprovementStatus = Literal["planned", "in_progress", "done", "cancelled"]
DocumentKind = Literal[
    "strategy",
    "management_report",
    "oversight_report",
    "evaluation_report",
    "answers_report",
    "minutes",
    "other",
]
EventKind = Literal["hearing", "dialogue", "other"]
