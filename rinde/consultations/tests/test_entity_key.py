"""Survey answers and forum comments carry their entity (docs/tenancy.md): taken from the
survey's or forum's exercise, which the public views load with it, so the hot posts read
nothing more."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rinde.consultations import forum as forum_services
from rinde.consultations import services
from rinde.consultations.models import Comment, Forum, Survey, SurveyOption, SurveyResponse
from rinde.consultations.views import survey_of
from rinde.core.antispam import sign_start
from rinde.entity import scoping
from rinde.entity.tests.factories import make_entity
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_entities():
    return make_entity(name="Alcaldía de Uno"), make_entity(name="Alcaldía de Dos")


def open_survey(exercise) -> Survey:
    now = timezone.now()
    survey = Survey.objects.create(
        exercise=exercise,
        question="¿Qué temas quiere conocer?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    SurveyOption.objects.create(survey=survey, order=1, label="Vías")
    return survey


def open_forum(exercise) -> Forum:
    now = timezone.now()
    return Forum.objects.create(
        exercise=exercise,
        question="¿Qué opina del informe?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )


def entity_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "entity_entity" in q["sql"]]


def test_two_entities_each_hold_answers_and_comments(two_entities):
    a, b = two_entities
    for entity in (a, b):
        exercise = make_exercise(2023, entity=entity)
        SurveyResponse.objects.create(entity=entity, survey=open_survey(exercise))
        Comment.objects.create(
            entity=entity, forum=open_forum(exercise), body="Bien", author_key="k"
        )
    assert sorted(SurveyResponse.objects.across_entities().values_list("entity", flat=True)) == [
        a.pk,
        b.pk,
    ]
    assert sorted(Comment.objects.across_entities().values_list("entity", flat=True)) == [
        a.pk,
        b.pk,
    ]


def test_a_row_made_while_an_entity_is_active_belongs_to_it(two_entities):
    _a, b = two_entities
    exercise = make_exercise(2023, entity=b)
    survey, forum = open_survey(exercise), open_forum(exercise)
    with scoping.activate(b):
        response = SurveyResponse.objects.create(survey=survey)
        comment = Comment.objects.create(forum=forum, body="Bien", author_key="k")
    assert response.entity == b
    assert comment.entity == b


def test_an_answer_takes_its_exercise_entity_without_reading_the_entity_table(two_entities):
    a, b = two_entities
    exercise = make_exercise(2023, entity=b)
    open_survey(exercise)
    survey = survey_of(exercise)  # as the view loads it
    option = survey.options.get()
    with scoping.activate(a), CaptureQueriesContext(connection) as captured:
        response = services.submit_survey_answer(survey, data={"options": [str(option.pk)]})
    assert response.entity == b
    assert entity_queries(captured) == []


def test_a_comment_takes_its_exercise_entity_without_reading_the_entity_table(
    rf, two_entities, citizen_user
):
    a, b = two_entities
    forum = Forum.objects.select_related("exercise").get(
        pk=open_forum(make_exercise(2023, entity=b)).pk
    )
    request = rf.post("/")
    request.user = citizen_user
    with scoping.activate(a), CaptureQueriesContext(connection) as captured:
        comment = forum_services.post_comment(forum, request=request, body="Me parece bien.")
    assert comment.entity == b
    assert entity_queries(captured) == []


def test_the_public_posts_file_answers_and_comments_under_the_request_entity(client, two_entities):
    _a, b = two_entities
    exercise = make_exercise(2023, entity=b)
    survey = open_survey(exercise)
    open_forum(exercise)
    started = sign_start(time.time() - 30)
    response = client.post(
        f"/e/{b.slug}/rendicion/2023/encuesta/",
        {"options": [str(survey.options.get().pk)], "website": "", "started": started},
    )
    assert response.status_code == 303
    response = client.post(
        f"/e/{b.slug}/rendicion/2023/foro/comentar/",
        {
            "body": "Me parece un buen informe.",
            "website": "",
            "started": sign_start(time.time() - 30),
        },
    )
    assert response.status_code == 303
    assert SurveyResponse.objects.across_entities().get().entity == b
    assert Comment.objects.across_entities().get().entity == b
