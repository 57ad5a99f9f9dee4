"""Demo forum on the 2023 management report: a few hundred comments, replies, an official
answer, hidden and reported ones, and a published summary. Idempotent."""

import hashlib
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rinde.consultations.models import Comment, CommentStatus, Forum
from rinde.demo import accounts as demo_accounts
from rinde.exercises.models import Exercise

BOGOTA = ZoneInfo("America/Bogota")
TEXTS = [
    "El informe muestra avances en vías, pero en mi barrio la calle sigue igual.",
    "Buen trabajo con los parques; ojalá haya más iluminación de noche.",
    "¿Por qué la ejecución de Medio Ambiente quedó tan baja?",
    "Pido que el próximo informe traiga las cifras por comuna.",
    "La atención en salud mejoró en San Pío, gracias.",
    "Falta información sobre los contratos de obra.",
]


def load() -> None:
    exercise = Exercise.objects.get(slug="2023")
    if Forum.objects.filter(exercise=exercise).exists():
        return
    forum = Forum.objects.create(
        exercise=exercise,
        question="¿Qué opina del informe de gestión 2023 y qué le gustaría que mejoráramos?",
        intro="Lea el informe de gestión publicado en la página del ejercicio y déjenos su opinión.",
        opens_at=datetime(2023, 11, 15, 8, 0, tzinfo=BOGOTA),
        closes_at=datetime(2023, 12, 20, 18, 0, tzinfo=BOGOTA),
        summary=(
            "Recibimos más de 300 comentarios. Los temas más repetidos fueron el estado de las vías "
            "por barrio, la iluminación de parques y la falta de cifras por comuna; de ellos salieron "
            "acciones del plan de mejoramiento."
        ),
        summary_published_at=datetime(2023, 12, 22, 9, 0, tzinfo=BOGOTA),
    )
    rng = random.Random(2023)  # noqa: S311 - demo content, reproducible  # nosec B311
    official = demo_accounts.user("comunicaciones")
    tops = []
    for n in range(300):
        status = CommentStatus.VISIBLE if n % 50 else CommentStatus.HIDDEN
        tops.append(
            Comment(
                entity_id=forum.exercise.entity_id,  # not the key's default: a cache read a row
                forum=forum,
                body=rng.choice(TEXTS),
                author_name=rng.choice(["", "", "Luz M.", "Carlos", "Vecina de Santa María"]),
                author_key=hashlib.sha256(f"demo{n % 120}".encode()).hexdigest(),
                status=status,
                moderation_reason="Contenía datos personales de un tercero."
                if status == CommentStatus.HIDDEN
                else "",
                flag_count=2 if n % 37 == 0 else 0,
            )
        )
    Comment.objects.bulk_create(tops)
    first = list(
        Comment.objects.filter(forum=forum, status=CommentStatus.VISIBLE).order_by("pk")[:20]
    )
    replies = [
        Comment(
            forum=forum,
            parent=c,
            body="Coincido; en mi sector pasa lo mismo.",
            author_key="demo-reply",
        )
        for c in first[5:15]
    ] + [
        Comment(
            forum=forum,
            parent=first[2],
            body="Gracias por su comentario. La ejecución de Medio Ambiente se concentró en el segundo semestre por la contratación de la recuperación de quebradas.",
            author_name=official.get_full_name(),
            author_key="official",
            official=official,
        )
    ]
    Comment.objects.bulk_create(replies)
    start = forum.opens_at
    for i, comment in enumerate(Comment.objects.filter(forum=forum).order_by("pk")):
        Comment.objects.filter(pk=comment.pk).update(created_at=start + timedelta(minutes=97 * i))
