"""The MURC template: entity-neutral actions for each of the five stages of the Manual Único
de Rendición de Cuentas (Ley 1757 de 2015 art. 51; /work/shared/docs/legal.md), each with its
due date relative to the public hearing. Text is data (Spanish). `{instrumento}` becomes the
name of the year's planning instrument (PAAC until 2024, PTEP from 2025).

A row: (description, element, department code, audiences, channels, due). `due` is a number
of days from the hearing (negative: before it), or STRATEGY_DUE for 31 January of the
exercise's year. The department code names the responsible office when the entity has one
with that code; otherwise the action starts without one."""

from rinde.exercises.models import Element, StageKind

INF, DIA, RES = Element.INFORMATION, Element.DIALOGUE, Element.RESPONSIBILITY

# The strategy is published with the planning instrument by 31 January (legal_calendar).
STRATEGY_DUE = "strategy"

AUDIENCES = (
    "Organizaciones sociales; grupos étnicos; niños, niñas, adolescentes y jóvenes; personas "
    "con discapacidad y sus organizaciones; personas mayores; mujeres; veedurías ciudadanas; "
    "medios de comunicación; corporaciones públicas de elección popular; organismos de control"
)

MURC_TEMPLATE: dict[str, list[tuple[str, str, str, str, str, int | str]]] = {
    StageKind.READINESS: [
        (
            "Conformar el equipo líder de la rendición de cuentas, con un responsable por "
            "dependencia.",
            RES,
            "planeacion",
            "",
            "",
            -150,
        ),
        (
            "Hacer el autodiagnóstico de la rendición de cuentas del año anterior y revisar su "
            "plan de mejoramiento.",
            RES,
            "planeacion",
            "",
            "",
            -140,
        ),
        (
            "Caracterizar los grupos de valor: quiénes son, qué información necesitan y por "
            "qué canales la reciben.",
            INF,
            "planeacion",
            AUDIENCES,
            "",
            -130,
        ),
    ],
    StageKind.DESIGN: [
        (
            "Formular la estrategia de rendición de cuentas y publicarla en el {instrumento}: "
            "actividades con su elemento, canal, públicos, dependencia responsable, fechas y "
            "recursos.",
            RES,
            "planeacion",
            "",
            "Sede electrónica (menú Participa)",
            STRATEGY_DUE,
        ),
        (
            "Definir la estrategia de comunicaciones: piezas, canales y públicos de la "
            "convocatoria.",
            INF,
            "comunicaciones",
            AUDIENCES,
            "Redes sociales, sede electrónica, boletines de prensa, carteleras, radio",
            -90,
        ),
        (
            "Consultar a la ciudadanía los temas que quiere conocer en la rendición de cuentas "
            "(encuesta de temas).",
            DIA,
            "tic",
            "",
            "Sede electrónica",
            -75,
        ),
    ],
    StageKind.PREPARATION: [
        (
            "Consolidar con cada dependencia la información de la gestión y del avance del plan "
            "de desarrollo.",
            INF,
            "planeacion",
            "",
            "",
            -45,
        ),
        (
            "Publicar el informe de gestión en lenguaje claro, al menos 30 días antes de la "
            "audiencia.",
            INF,
            "tic",
            "",
            "Sede electrónica",
            -30,
        ),
        (
            "Abrir el foro para que la ciudadanía comente el informe de gestión.",
            DIA,
            "tic",
            "",
            "Sede electrónica",
            -30,
        ),
        (
            "Convocar a la audiencia pública y abrir las inscripciones para asistir e intervenir.",
            DIA,
            "comunicaciones",
            AUDIENCES,
            "Redes sociales, sede electrónica, boletines de prensa",
            -30,
        ),
        (
            "Preparar la logística y los materiales accesibles: intérprete de lengua de señas, "
            "subtítulos, acceso para personas con movilidad reducida.",
            DIA,
            "comunicaciones",
            "",
            "",
            -7,
        ),
    ],
    StageKind.EXECUTION: [
        (
            "Realizar la audiencia pública participativa, transmitida en vivo, explicando al "
            "inicio las reglas de intervención.",
            DIA,
            "planeacion",
            "",
            "Presencial y transmisión en vivo",
            0,
        ),
        (
            "Recibir y registrar las preguntas de la ciudadanía por todos los canales: sede "
            "electrónica, papel, correo y chat de la transmisión.",
            DIA,
            "tic",
            "",
            "Sede electrónica, formato en papel, correo, chat",
            0,
        ),
        (
            "Aplicar el formato de evaluación de la audiencia.",
            RES,
            "planeacion",
            "",
            "Sede electrónica y formato en papel",
            0,
        ),
        ("Presentar el informe de las veedurías ciudadanas.", RES, "planeacion", "", "", 0),
    ],
    StageKind.FOLLOW_UP: [
        (
            "Responder por escrito las preguntas no resueltas en la audiencia, dentro de los "
            "términos de la Ley 1755 de 2015, y publicar las respuestas.",
            RES,
            "planeacion",
            "",
            "Sede electrónica",
            21,
        ),
        (
            "Publicar el informe de evaluación de la rendición de cuentas.",
            RES,
            "planeacion",
            "",
            "Sede electrónica",
            30,
        ),
        (
            "Formular y publicar el plan de mejoramiento con lo aprendido en el ejercicio.",
            RES,
            "planeacion",
            "",
            "Sede electrónica",
            45,
        ),
    ],
}

TEMPLATES = {"murc": MURC_TEMPLATE}
