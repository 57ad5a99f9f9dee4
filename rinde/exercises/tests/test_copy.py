"""A new exercise copied from last year's: exactly what is listed, dates shifted, nothing
personal and no result of last year."""

from datetime import date, datetime, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from rinde.consultations.models import Comment, Forum, Survey, SurveyOption, SurveyResponse
from rinde.core.models import AuditEntry
from rinde.evaluation.models import Answer as EvaluationAnswer
from rinde.evaluation.models import EvaluationForm, EvaluationQuestion, QuestionKind
from rinde.evaluation.models import Response as EvaluationResponse
from rinde.exercises import services
from rinde.exercises.models import (
    Action,
    ActionStatus,
    Document,
    DocumentKind,
    Event,
    EventKind,
    Exercise,
    Registration,
    Stage,
    StageKind,
)
from rinde.exercises.tests.factories import BOGOTA, make_exercise, make_hearing
from rinde.outreach.models import Audience, Channel, Episode, Piece, PieceStatus
from rinde.questions.tests.factories import make_question

pytestmark = pytest.mark.django_db

# Personal data and results of last year: none may reach the copy.
PERSONAL = ["Ana Pérez Gómez", "ana.perez@example.com", "3001234567", "María Responsable"]


@pytest.fixture
def last_year(entity, department):
    exercise = make_exercise(2026, title="Rendición de cuentas 2026")
    stages = {stage.kind: stage for stage in services.ensure_stages(exercise)}
    stages[StageKind.DESIGN].description = "Diseño con la comunidad"
    stages[StageKind.DESIGN].save()
    Action.objects.create(
        stage=stages[StageKind.PREPARATION],
        position=1,
        description="Publicar el informe de gestión",
        element="information",
        department=department,
        audiences="Juntas de acción comunal",
        channels="Sede electrónica",
        due_on=date(2026, 10, 15),
        status=ActionStatus.DONE,
        evidence_url="https://example.org/evidencia",
    )
    Action.objects.create(
        stage=stages[StageKind.FOLLOW_UP],
        position=1,
        description="Publicar el informe de evaluación",
        element="responsibility",
        status=ActionStatus.CANCELLED,
    )
    hearing = make_hearing(exercise, datetime(2026, 11, 19, 9, 0, tzinfo=BOGOTA))
    Registration.objects.create(
        event=hearing,
        kind="attend",
        code="RC-AAAAAAA",
        name=PERSONAL[0],
        email=PERSONAL[1],
        phone=PERSONAL[2],
        data_consent_version="v1",
    )
    Document.objects.create(
        exercise=exercise,
        kind=DocumentKind.MANAGEMENT_REPORT,
        title="Informe de gestión 2026",
        date=date(2026, 10, 1),
        file="x.pdf",
        summary="s",
        sha256="a" * 64,
        published_at=timezone.now(),
    )
    make_question(exercise, asker_name=PERSONAL[0], asker_email=PERSONAL[1])

    channel = Channel.objects.create(name="Emisora comunitaria")
    audience = Audience.objects.create(name="Jóvenes")
    piece = Piece.objects.create(
        exercise=exercise,
        title="Cuña radial de la audiencia",
        channel=channel,
        starts_on=date(2026, 10, 20),
        ends_on=date(2026, 11, 18),
        quantity=40,
        places="Toda la ciudad",
        planned_reach=5000,
        achieved_reach=4300,
        cost=1200000,
        status=PieceStatus.PUBLISHED,
        responsible=PERSONAL[3],
    )
    piece.audiences.add(audience)
    Episode.objects.create(
        exercise=exercise, aired_on=date(2026, 5, 2), tv_channel="Canal local", topics="Vías"
    )

    survey = Survey.objects.create(
        exercise=exercise,
        question="¿Qué temas quiere conocer?",
        max_choices=2,
        opens_at=datetime(2026, 8, 1, 8, 0, tzinfo=BOGOTA),
        closes_at=datetime(2026, 9, 1, 8, 0, tzinfo=BOGOTA),
    )
    first = SurveyOption.objects.create(survey=survey, order=1, label="Movilidad")
    SurveyOption.objects.create(survey=survey, order=2, label="Salud")
    response = SurveyResponse.objects.create(survey=survey, email=PERSONAL[1])
    response.options.add(first)
    forum = Forum.objects.create(
        exercise=exercise,
        question="¿Qué opina del informe?",
        opens_at=datetime(2026, 10, 15, 8, 0, tzinfo=BOGOTA),
        closes_at=datetime(2026, 11, 15, 8, 0, tzinfo=BOGOTA),
    )
    Comment.objects.create(forum=forum, body="Muy bien", author_key="k", author_name=PERSONAL[0])

    form = EvaluationForm.objects.create(
        event=hearing,
        title="Evaluación de la audiencia",
        opens_at=datetime(2026, 11, 19, 9, 0, tzinfo=BOGOTA),
        closes_at=datetime(2026, 11, 26, 9, 0, tzinfo=BOGOTA),
    )
    question = EvaluationQuestion.objects.create(
        form=form,
        order=1,
        code="organizacion",
        text="La audiencia estuvo",
        kind=QuestionKind.SINGLE,
        options=[["bien", "Bien organizada"], ["mal", "Mal organizada"]],
    )
    EvaluationQuestion.objects.create(
        form=form, order=2, code="comentarios", text="Comentarios", kind=QuestionKind.TEXT
    )
    answered = EvaluationResponse.objects.create(form=form)
    EvaluationAnswer.objects.create(response=answered, question=question, choices=["bien"])
    return exercise


def _copy(staff_client, user, source):
    return staff_client(user).post(
        "/panel/rendicion/nuevo/",
        {
            "year": 2027,
            "title": "Rendición de cuentas 2027",
            "starts_on": "2027-01-15",
            "ends_on": "2027-12-31",
            "source": "copia",
            "copy_from": source.pk,
            # Thursday 18 Nov 2027: 364 days after Thursday 19 Nov 2026.
            "hearing_at": "2027-11-18T09:00",
        },
    )


def test_copying_an_exercise_copies_exactly_what_is_listed(staff_client, planning_user, last_year):
    response = _copy(staff_client, planning_user, last_year)
    assert response.status_code == 302
    new = Exercise.objects.get(slug="2027")
    shift = timedelta(days=364)

    actions = list(Action.objects.filter(stage__exercise=new).order_by("stage__position"))
    assert [a.description for a in actions] == [
        "Publicar el informe de gestión",
        "Publicar el informe de evaluación",
    ]
    report = actions[0]
    assert report.stage.kind == StageKind.PREPARATION
    assert report.due_on == date(2026, 10, 15) + shift
    assert (report.audiences, report.channels) == ("Juntas de acción comunal", "Sede electrónica")
    assert report.department == Action.objects.filter(stage__exercise=last_year).first().department
    # Last year's results stay there: every copied action starts pending, without evidence.
    assert {a.status for a in actions} == {ActionStatus.PENDING}
    assert not any(a.evidence_url or a.evidence_file for a in actions)
    assert Stage.objects.get(exercise=new, kind=StageKind.DESIGN).description == (
        "Diseño con la comunidad"
    )

    piece = Piece.objects.get(exercise=new)
    assert (piece.title, piece.channel.name, piece.quantity, piece.planned_reach) == (
        "Cuña radial de la audiencia",
        "Emisora comunitaria",
        40,
        5000,
    )
    assert [a.name for a in piece.audiences.all()] == ["Jóvenes"]
    assert (piece.starts_on, piece.ends_on) == (
        date(2026, 10, 20) + shift,
        date(2026, 11, 18) + shift,
    )
    assert piece.status == PieceStatus.PLANNED
    assert piece.achieved_reach is None and piece.cost is None and piece.responsible == ""

    survey = Survey.objects.get(exercise=new)
    assert survey.question == "¿Qué temas quiere conocer?" and survey.max_choices == 2
    assert [o.label for o in survey.options.order_by("order")] == ["Movilidad", "Salud"]
    assert survey.opens_at == datetime(2026, 8, 1, 8, 0, tzinfo=BOGOTA) + shift
    assert not survey.responses.exists()

    hearing = Event.objects.get(exercise=new)
    assert hearing.kind == EventKind.HEARING
    assert timezone.localtime(hearing.starts_at) == datetime(2027, 11, 18, 9, 0, tzinfo=BOGOTA)
    form = EvaluationForm.objects.get(event=hearing)
    assert form.opens_at == datetime(2027, 11, 18, 9, 0, tzinfo=BOGOTA)
    assert [(q.code, q.kind) for q in form.questions.order_by("order")] == [
        ("organizacion", "single"),
        ("comentarios", "text"),
    ]
    assert form.questions.get(code="organizacion").options == [
        ["bien", "Bien organizada"],
        ["mal", "Mal organizada"],
    ]
    assert not form.responses.exists()

    # Not listed, not copied.
    assert not Document.objects.filter(exercise=new).exists()
    assert not new.questions.exists()
    assert not Registration.objects.filter(event__exercise=new).exists()
    assert not Forum.objects.filter(exercise=new).exists()
    assert not Episode.objects.filter(exercise=new).exists()

    entry = AuditEntry.objects.get(action="exercises.create")
    assert entry.changes["copied"] == {
        "actions": 2,
        "pieces": 1,
        "surveys": 1,
        "evaluation_questions": 2,
        "shift_days": 364,
    }


def test_a_copy_carries_nothing_personal(staff_client, planning_user, last_year):
    """Every text column of every row that points to the new exercise is free of last
    year's personal data: whatever a later field adds, this looks at it."""
    _copy(staff_client, planning_user, last_year)
    new = Exercise.objects.get(slug="2027")
    seen = 0
    for model in apps.get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if not (field.many_to_one and related is Exercise):
                continue
            for row in model.objects.filter(**{field.name: new}).values():
                seen += 1
                text = " ".join(str(value) for value in row.values())
                for personal in PERSONAL:
                    assert personal not in text, (model.__name__, personal)
    assert seen >= 4  # stages, pieces, surveys, the hearing
    copied_pieces = Piece.objects.filter(exercise=new)
    assert all(p.responsible == "" for p in copied_pieces)


def test_copy_needs_the_exercise_it_copies(staff_client, planning_user, last_year):
    response = staff_client(planning_user).post(
        "/panel/rendicion/nuevo/",
        {
            "year": 2027,
            "title": "Rendición de cuentas 2027",
            "starts_on": "2027-01-15",
            "ends_on": "2027-12-31",
            "source": "copia",
            "hearing_at": "2027-11-18T09:00",
        },
    )
    assert response.status_code == 200
    assert "Elija el ejercicio que quiere copiar" in response.text
    assert not Exercise.objects.filter(slug="2027").exists()


def test_without_a_hearing_last_year_dates_move_by_whole_years(entity):
    source = make_exercise(2026)
    stage = services.ensure_stages(source)[0]
    Action.objects.create(
        stage=stage, description="Algo", element="dialogue", due_on=date(2026, 3, 2)
    )
    target = make_exercise(2027)
    services.ensure_stages(target)
    from rinde.exercises.copy import copy_exercise

    counts = copy_exercise(source, target)
    assert counts["shift_days"] == 365
    assert Action.objects.get(stage__exercise=target).due_on == date(2027, 3, 2)
