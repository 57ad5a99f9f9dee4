"""What is news for whom: a project's published cut for its followers, a question's
published answer for its followers, and nobody else."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import TestCase

from rinde.exercises.tests.factories import make_exercise
from rinde.plan import services as plan_services
from rinde.plan.tests.factories import make_plan_tree
from rinde.questions import services as question_services
from rinde.questions.models import PetitionKind
from rinde.questions.tests.factories import make_question
from rinde.subscriptions.tests.helpers import confirm, sent_to, subscribe

pytestmark = pytest.mark.django_db

ANA = "ana@example.org"
LUIS = "luis@example.org"


def test_a_published_cut_tells_the_projects_followers_only(
    client, entity, department, other_department, officer_user, planning_user
):
    indicator = make_plan_tree(department)
    project = indicator.project
    elsewhere = make_plan_tree(other_department, code="2").project
    subscribe(client, f"/suscripciones/proyecto/{project.pk}/", ANA)
    confirm(client, ANA)
    subscribe(client, f"/suscripciones/proyecto/{elsewhere.pk}/", LUIS)
    confirm(client, LUIS)

    plan = project.plan
    report = plan_services.start_report(
        plan=plan, department=department, period=date(2023, 12, 1), actor=officer_user
    )
    plan_services.save_report(
        report, actor=officer_user, values={indicator.pk: Decimal(5)}, finances={}
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        plan_services.submit_report(report, actor=officer_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        plan_services.review_report(report, actor=planning_user, approve=True)

    [_confirmation, news] = sent_to(ANA)
    assert project.name in news.subject
    assert f"/plan/{plan.slug}/proyecto/{project.code}/" in news.body
    assert "diciembre de 2023" in news.body
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert len(sent_to(LUIS)) == 1  # the confirmation only

    page = client.get(f"/plan/{plan.slug}/proyecto/{project.code}/")
    assert page.status_code == 200
    assert f'href="/suscripciones/proyecto/{project.pk}/"' in page.content.decode()


def test_a_returned_cut_tells_nobody(client, entity, department, officer_user, planning_user):
    indicator = make_plan_tree(department)
    subscribe(client, f"/suscripciones/proyecto/{indicator.project.pk}/", ANA)
    confirm(client, ANA)
    report = plan_services.start_report(
        plan=indicator.project.plan,
        department=department,
        period=date(2023, 12, 1),
        actor=officer_user,
    )
    plan_services.save_report(
        report, actor=officer_user, values={indicator.pk: Decimal(5)}, finances={}
    )
    plan_services.submit_report(report, actor=officer_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        plan_services.review_report(
            report, actor=planning_user, approve=False, comment="Falta la evidencia."
        )
    assert len(sent_to(ANA)) == 1


def test_a_published_answer_tells_the_questions_followers_with_masked_text(
    client, entity, department, ict_user, officer_user, planning_user
):
    exercise = make_exercise()
    question = make_question(
        exercise, text="¿Cuándo arreglan la vía? Llámenme al 300 123 4567, soy C.C. 43123456"
    )
    other = make_question(exercise, text="¿Y el parque del barrio?")
    subscribe(client, f"/suscripciones/pregunta/{question.tracking_code}/", ANA)
    confirm(client, ANA)
    subscribe(client, f"/suscripciones/pregunta/{other.tracking_code}/", LUIS)
    confirm(client, LUIS)

    question_services.classify_question(
        question, actor=ict_user, department=department, kind=PetitionKind.GENERAL, topic="Vías"
    )
    answer = question_services.draft_answer(
        question, actor=officer_user, body="<p>En enero de 2024.</p>"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        question_services.review_answer(answer, actor=planning_user, approve=True)

    [_confirmation, news] = sent_to(ANA)
    assert question.tracking_code in news.subject
    assert f"/preguntas/{question.tracking_code}/" in news.body
    for personal in ("300 123 4567", "43123456"):
        assert personal not in news.body
        assert personal not in news.alternatives[0].content
    assert len(sent_to(LUIS)) == 1


def test_a_question_not_public_cannot_be_followed(client, entity, ict_user):
    exercise = make_exercise()
    question = make_question(exercise, text="Publicidad: compre ya")
    question_services.reject_question(question, actor=ict_user, reason="Publicidad.")
    assert client.get(f"/suscripciones/pregunta/{question.tracking_code}/").status_code == 404


def test_an_answer_given_at_the_hearing_tells_the_questions_followers(client, entity, ict_user):
    from rinde.questions.tests.factories import make_hearing

    exercise = make_exercise()
    question = make_question(exercise)
    subscribe(client, f"/suscripciones/pregunta/{question.tracking_code}/", ANA)
    confirm(client, ANA)
    make_hearing(exercise)
    with TestCase.captureOnCommitCallbacks(execute=True):
        question_services.mark_answered_at_hearing(
            question, actor=ict_user, minute="00:42:10", summary="Se arregla en enero."
        )
    [_confirmation, news] = sent_to(ANA)
    assert question.tracking_code in news.subject


def test_a_departments_answer_to_a_comment_tells_the_projects_followers(
    client, entity, department, planning_user
):
    from rinde.fieldwork import services as fieldwork_services
    from rinde.fieldwork.tests.factories import make_comment, make_project

    project = make_project(department)
    subscribe(client, f"/suscripciones/proyecto/{project.pk}/", ANA)
    confirm(client, ANA)
    comment = make_comment(project, body="¿Cuándo terminan el andén?")
    with TestCase.captureOnCommitCallbacks(execute=True):
        fieldwork_services.answer_comment(
            comment, actor=planning_user, body="En marzo, escríbanos a obras@example.org."
        )
    [_confirmation, news] = sent_to(ANA)
    assert project.name in news.subject
    assert f"/plan/{project.plan.slug}/proyecto/{project.code}/comentarios/" in news.body
    assert "obras@example.org" not in news.body  # the answer's contacts masked, as on the page
    # Written again to correct it: the followers heard once.
    with TestCase.captureOnCommitCallbacks(execute=True):
        fieldwork_services.answer_comment(comment, actor=planning_user, body="En abril.")
    assert len(sent_to(ANA)) == 2
