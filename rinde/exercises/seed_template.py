"""The default exercise template: every action of the Itagüí 2023 strategy
(../shared/seed/estrategia-rendicion-de-cuentas-2023.txt) in its MURC stage, with its
responsible office by department code. Text is data (Spanish), kept as the seed has it."""

from rinde.exercises.models import Element, StageKind

INF, DIA, RES = Element.INFORMATION, Element.DIALOGUE, Element.RESPONSIBILITY

AUDIENCES = (
    "Organizaciones sociales; población vulnerable (pueblos indígenas, afrodescendientes, "
    "entre otros); niños, adolescentes y jóvenes; organizaciones de personas en condición de "
    "discapacidad; adultos mayores; mujeres y hombres; medios de comunicación; corporaciones "
    "públicas de elección popular; otros niveles de gobierno y organismos de control"
)
CHANNELS = (
    "Pasacalles, volantes, fondos de pantalla, carteleras, promos audiovisuales, boletines de "
    "prensa, prensa escrita, pendones, cuñas radiales, redes sociales"
)

# stage -> [(description, element, department code, audiences, channels)]
DEFAULT_TEMPLATE: dict[str, list[tuple[str, str, str, str, str]]] = {
    StageKind.READINESS: [
        (
            "Fomentar la participación e interacción de la población itagüiseña en las "
            "decisiones, hechos y noticias de la ciudad.",
            DIA,
            "comunicaciones",
            "",
            "",
        ),
        (
            "Generar canales de interacción que permitan entregar información precisa, oportuna "
            "y veraz a los ciudadanos en la rendición de cuentas y los distintos ejercicios de "
            "participación ciudadana que se realicen.",
            DIA,
            "comunicaciones",
            "",
            "",
        ),
        (
            "Posicionar la imagen de la administración municipal a través de las gestiones "
            "realizadas en cada uno de los proyectos de gobierno establecidos en el Plan de "
            "Desarrollo «Itagüí Ciudad de Oportunidades 2020 - 2023».",
            INF,
            "comunicaciones",
            "",
            "",
        ),
        (
            "Garantizar la transparencia y publicidad de las acciones administrativas a través "
            "de medios digitales, para que la ciudadanía conozca de primera mano los avances en "
            "la gestión.",
            INF,
            "comunicaciones",
            "",
            "",
        ),
    ],
    StageKind.DESIGN: [
        (
            "Informar a la comunidad sobre las acciones administrativas y de gobierno enmarcadas "
            "en el Plan de Desarrollo «Itagüí Ciudad de Oportunidades 2020 - 2023», a través del "
            "portal Itagüí Transparente como herramienta interactiva y permanente con la "
            "ciudadanía.",
            INF,
            "comunicaciones",
            AUDIENCES,
            CHANNELS,
        ),
    ],
    StageKind.PREPARATION: [
        (
            "La Dirección Administrativa de las TIC publica el informe de gestión en la sede "
            "electrónica de la Alcaldía y en el portal Itagüí Transparente.",
            INF,
            "tic",
            "",
            "www.itagui.gov.co; www.itaguitransparente.gov.co",
        ),
        (
            "En el portal Itagüí Transparente se publican mensualmente los proyectos por cada "
            "secretaría, evidenciando la gestión de cada proyecto del municipio.",
            INF,
            "tic",
            "",
            "www.itaguitransparente.gov.co",
        ),
        (
            "El programa de televisión se emite por los canales regionales y nacionales de mayor "
            "audiencia y presenta cada 8 días los temas más relevantes de la ciudad.",
            INF,
            "comunicaciones",
            "",
            "Televisión regional y nacional",
        ),
        (
            "Realización de encuesta sobre temas que quiera conocer la ciudadanía, a través de "
            "banner publicado en el sitio web de la Alcaldía.",
            DIA,
            "tic",
            "",
            "Sitio web de la Alcaldía",
        ),
        (
            "Apertura de un foro con una pregunta abierta en la sede electrónica de la Alcaldía "
            "para que la ciudadanía comente el informe de rendición de cuentas; después se "
            "publican los resultados para aplicar acciones de mejoramiento.",
            DIA,
            "tic",
            "",
            "Sede electrónica",
        ),
        (
            "Difusión del boletín de prensa de la rendición de cuentas a través de los medios "
            "de comunicación locales, regionales y nacionales.",
            INF,
            "comunicaciones",
            "Medios de comunicación",
            "Boletín de prensa",
        ),
    ],
    StageKind.EXECUTION: [
        (
            "La Secretaría de las Comunicaciones presenta el evento, realiza las fotografías y "
            "graba la nota de televisión para el programa institucional «Itagüí Ciudad de "
            "Oportunidades».",
            INF,
            "comunicaciones",
            "",
            "Televisión",
        ),
        (
            "El área de social media garantiza la transmisión del evento en vivo por Facebook "
            "con el soporte técnico y va respondiendo según los tiempos que establece la ley.",
            DIA,
            "comunicaciones",
            "",
            "Facebook Live",
        ),
        (
            "La Dirección Administrativa de las TIC consolida las inquietudes de la comunidad, "
            "a través del chat, para ser respondidas en los términos de ley.",
            DIA,
            "tic",
            "",
            "Chat de la transmisión",
        ),
        (
            "El Departamento Administrativo de Planeación entrega el formato de evaluación antes "
            "de terminar el evento.",
            RES,
            "planeacion",
            "",
            "",
        ),
        ("Presentación del informe de las veedurías locales.", RES, "planeacion", "", ""),
        ("Publicación del informe de evaluación de rendición de cuentas.", RES, "tic", "", ""),
        (
            "Publicación de respuestas a las preguntas e inquietudes de la ciudadanía.",
            RES,
            "planeacion",
            "",
            "",
        ),
    ],
    StageKind.FOLLOW_UP: [
        (
            "La Secretaría de las Comunicaciones entrega fotografías, registro en video, diseños "
            "y otros productos comunicacionales para el informe final de evaluación del evento.",
            RES,
            "comunicaciones",
            "",
            "",
        ),
        (
            "El Departamento Administrativo de Planeación realiza el informe de evaluación del "
            "evento y lo envía a la Dirección Administrativa de las TIC para su publicación.",
            RES,
            "planeacion",
            "",
            "www.itagui.gov.co; www.itaguitransparente.gov.co",
        ),
        (
            "El Departamento Administrativo de Planeación consolida las respuestas de las "
            "preguntas formuladas por la comunidad durante el evento que no se resolvieron en "
            "este.",
            RES,
            "planeacion",
            "",
            "",
        ),
        (
            "Se definen estrategias de mejoramiento de la estrategia de rendición de cuentas y "
            "de comunicaciones.",
            RES,
            "planeacion",
            "",
            "",
        ),
    ],
}

TEMPLATES = {"estrategia-2023": DEFAULT_TEMPLATE}
