"""Demo questions for the 2023 hearing: every channel, every state, overdue ones and an
extension. Idempotent: a question is matched by its text."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from rinde.demo import accounts as demo_accounts
from rinde.entity.models import Department
from rinde.exercises.models import Exercise
from rinde.questions import intake, services
from rinde.questions.models import Answer, Channel, PetitionKind, Question

BOGOTA = ZoneInfo("America/Bogota")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BOGOTA)


# (text, channel, received, name, topic, department code, kind, outcome)
QUESTIONS = [
    (
        "¿Cuándo terminan las obras de la vía Itagüí–Sabaneta en el sector de Santa María?",
        Channel.WEB,
        at(2023, 11, 20, 10, 15),
        "Luz Marina Restrepo",
        "Movilidad",
        "infraestructura",
        PetitionKind.GENERAL,
        "answered",
    ),
    (
        "¿Cuántos cupos nuevos de jornada única se abrieron en los colegios públicos en 2023?",
        Channel.WEB,
        at(2023, 11, 25, 16, 40),
        "",
        "Educación",
        "educacion",
        PetitionKind.INFORMATION,
        "answered",
    ),
    (
        "¿Qué pasó con el proyecto del parque lineal de la quebrada Doña María?",
        Channel.LIVE,
        at(2023, 12, 15, 9, 5),
        "Carlos Arango",
        "Medio ambiente",
        "medio-ambiente",
        PetitionKind.GENERAL,
        "at_hearing",
    ),
    (
        "¿Cuánto se invirtió en seguridad en la comuna 1 y qué resultados hubo?",
        Channel.CHAT,
        at(2023, 12, 15, 9, 32),
        "Vecino Comuna 1",
        "Seguridad",
        "seguridad",
        PetitionKind.GENERAL,
        "answered_late",
    ),
    (
        "¿Por qué no han arreglado el semáforo de la carrera 50 con calle 36?",
        Channel.CHAT,
        at(2023, 12, 15, 9, 47),
        "María P.",
        "Movilidad",
        "movilidad",
        PetitionKind.GENERAL,
        "extended",
    ),
    (
        "Solicito copia del contrato de alumbrado navideño 2023.",
        Channel.EMAIL,
        at(2023, 12, 16, 11, 0),
        "Veeduría Ciudadana Itagüí",
        "Contratación",
        "servicios-administrativos",
        PetitionKind.INFORMATION,
        "overdue",
    ),
    (
        "¿Cómo se puede inscribir un adulto mayor al programa de alimentación?",
        Channel.PAPER,
        at(2023, 12, 15, 10, 20),
        "Rosa Elena Gómez",
        "Adulto mayor",
        "familia",
        PetitionKind.GENERAL,
        "answered",
    ),
    (
        "¿Cuál es la posición de la Alcaldía sobre el cobro de valorización del área metropolitana?",
        Channel.WEB,
        at(2023, 12, 2, 20, 5),
        "",
        "Hacienda",
        "hacienda",
        PetitionKind.CONSULTATION,
        "assigned",
    ),
    (
        "¿Quién arregla el hueco frente a la estación Itagüí del metro?",
        Channel.LIVE,
        at(2023, 12, 15, 9, 50),
        "",
        "Infraestructura",
        "infraestructura",
        PetitionKind.GENERAL,
        "review",
    ),
    (
        "¿Cuándo terminan las obras de la vía a Sabaneta? Llevan mucho tiempo",
        Channel.CHAT,
        at(2023, 12, 15, 10, 2),
        "Juan D.",
        "",
        "",
        PetitionKind.GENERAL,
        "merged",
    ),
    (
        "¿Puede la Alcaldía arreglar la carretera de la Gobernación en el Pueblito?",
        Channel.WEB,
        at(2023, 12, 1, 8, 0),
        "",
        "Vías",
        "",
        PetitionKind.GENERAL,
        "forwarded",
    ),
    (
        "COMPRE SEGUIDORES BARATOS http://spam.example",
        Channel.CHAT,
        at(2023, 12, 15, 9, 40),
        "promo123",
        "",
        "",
        PetitionKind.GENERAL,
        "rejected",
    ),
    (
        "¿Habrá más rutas del Sistema Integrado de Transporte hacia los corregimientos?",
        Channel.WEB,
        at(2023, 12, 16, 9, 0),
        "",
        "",
        "",
        PetitionKind.GENERAL,
        "received",
    ),
]

ANSWER = (
    "<p>Gracias por su pregunta. La dependencia responsable informa que el proyecto avanza "
    "según el cronograma publicado en el seguimiento al Plan de Desarrollo; puede consultar "
    "el avance mensual y las evidencias en la página del proyecto.</p>"
)


def load() -> int:
    exercise = Exercise.objects.get(slug="2023")
    ict = demo_accounts.user("tic")
    planning = demo_accounts.user("planeacion")
    officer = demo_accounts.user("enlace")
    created = 0
    for text, channel, received, name, topic, code, kind, outcome in QUESTIONS:
        if Question.objects.filter(exercise=exercise, text=text).exists():
            continue
        created += 1
        question = intake.receive_question(
            exercise=exercise,
            channel=channel,
            text=text,
            asker_name=name,
            publish_name=bool(name) and channel == Channel.PAPER,
            data_authorized=bool(name),
            received_at=received,
            actor=ict if channel in (Channel.PAPER, Channel.EMAIL, Channel.CHAT) else None,
        )
        if outcome == "received":
            continue
        if outcome == "rejected":
            services.reject_question(
                question,
                actor=ict,
                reason="Publicidad no relacionada con la rendición de cuentas (spam).",
            )
            continue
        if outcome == "merged":
            original = Question.objects.get(exercise=exercise, text=QUESTIONS[0][0])
            services.merge_question(question, into=original, actor=ict)
            continue
        if outcome == "forwarded":
            services.forward_question(
                question,
                actor=ict,
                authority="Gobernación de Antioquia, Secretaría de Infraestructura Física",
            )
            _backdate(question, date(2023, 12, 5))
            continue
        department = Department.objects.get(code=code)
        question = services.classify_question(
            question, actor=planning, department=department, kind=kind, topic=topic
        )
        if outcome == "at_hearing":
            services.mark_answered_at_hearing(
                question,
                actor=ict,
                minute="00:42:10",
                summary="<p>El secretario explicó en la audiencia que la obra está contratada y empieza en febrero de 2024.</p>",
            )
            _backdate(question, date(2023, 12, 15))
            continue
        if outcome == "assigned":
            continue
        author = officer if code in ("infraestructura", "movilidad") else planning
        if outcome == "extended":
            services.extend_deadline(
                question,
                actor=planning,
                new_due_on=date(2024, 1, 30),
                reason="El semáforo depende de un repuesto importado; el contratista entrega el concepto técnico en enero.",
                today=date(2023, 12, 28),
            )
            continue
        if outcome == "overdue":
            continue
        answer = services.draft_answer(question, actor=author, body=ANSWER)
        if outcome == "review":
            continue
        services.review_answer(answer, actor=planning, approve=True)
        answered = {
            "answered": question.received_on.replace(day=min(question.received_on.day + 6, 28)),
            "answered_late": date(2024, 2, 12),
        }[outcome]
        _backdate(question, answered)
    return created


def _backdate(question: Question, answered_on: date) -> None:
    """The demo tells a 2023 story: answers carry their 2023-2024 dates, not today's."""
    moment = timezone.make_aware(
        datetime.combine(answered_on, datetime.min.time().replace(hour=15)), BOGOTA
    )
    Question.objects.filter(pk=question.pk).update(answered_on=answered_on)
    Answer.objects.filter(question=question).update(published_at=moment)
