"""Demo evaluation of the 2023 hearing: a few hundred answers, online and on paper, and a
published evaluation report. Idempotent: nothing is added if the form exists."""

import random

from rinde.demo import accounts as demo_accounts
from rinde.evaluation import figures, services
from rinde.evaluation.models import Answer, EvaluationForm, Response
from rinde.exercises.models import Event, EventKind, Exercise

NARRATIVE = {
    "intro": (
        "La audiencia pública de rendición de cuentas 2023 se realizó el 15 de diciembre en el "
        "CAMI y se transmitió por Facebook Live. Este informe resume la participación, las "
        "preguntas de la ciudadanía y la evaluación de quienes asistieron."
    ),
    "evaluation": "La mayoría de asistentes consideró la audiencia bien organizada y pidió más tiempo para intervenir.",
    "questions": "Las preguntas no resueltas en la audiencia se responden por escrito dentro del término de ley.",
}


def load() -> None:
    exercise = Exercise.objects.get(slug="2023")
    hearing = Event.objects.get(exercise=exercise, kind=EventKind.HEARING)
    if EvaluationForm.objects.filter(event=hearing).exists():
        return
    planning = demo_accounts.user("planeacion")
    form = services.create_form(event=hearing, actor=planning)
    questions = list(form.questions.all())
    rng = random.Random(15122023)  # noqa: S311 - demo figures, reproducible  # nosec B311
    responses = [Response(form=form) for _ in range(260)] + [
        Response(form=form, channel="paper", sheet_number=n, entered_by=planning)
        for n in range(1, 61)
    ]
    Response.objects.bulk_create(responses)
    answers = []
    weights = {
        "clara": 8,
        "confusa": 2,
        "bien": 7,
        "regular": 3,
        "mal": 1,
        "adecuada": 7,
        "inadecuada": 3,
    }
    for response in Response.objects.filter(form=form):
        for q in questions:
            if q.kind == "multiple":
                picks = rng.sample([c for c, _ in q.options], k=rng.randint(1, 2))
                answers.append(Answer(response=response, question=q, choices=picks))
            elif q.kind == "single" and (q.required or rng.random() < 0.6):
                codes = [c for c, _ in q.options]
                pick = rng.choices(codes, weights=[weights.get(c, 3) for c in codes])[0]
                answers.append(Answer(response=response, question=q, choices=[pick]))
            elif q.kind == "yes_no":
                answers.append(
                    Answer(
                        response=response,
                        question=q,
                        choices=[rng.choices(["yes", "no"], weights=[8, 2])[0]],
                    )
                )
            elif q.kind == "scale" and rng.random() < 0.8:
                answers.append(
                    Answer(
                        response=response,
                        question=q,
                        number=rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 5, 4])[0],
                    )
                )
            elif q.kind == "text" and rng.random() < 0.1:
                answers.append(
                    Answer(
                        response=response,
                        question=q,
                        text=rng.choice(
                            [
                                "Más tiempo para las preguntas del público.",
                                "Que la transmisión tenga intérprete de lengua de señas.",
                                "Buena organización, gracias.",
                            ]
                        ),
                        text_is_public=True,
                    )
                )
    Answer.objects.bulk_create(answers, batch_size=2000)
    report = services.start_report(exercise=exercise, actor=planning)
    services.save_narrative(report, actor=planning, narrative=NARRATIVE)
    services.publish_report(report, actor=planning, figures=figures.collect(exercise))
