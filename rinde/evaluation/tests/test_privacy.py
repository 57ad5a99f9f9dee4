"""Personal data typed into an evaluation is never published (issue 14, item 7)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rinde.evaluation.models import Answer, EvaluationForm, EvaluationReport
from rinde.evaluation.tests.test_evaluation import form, valid_answers  # noqa: F401

pytestmark = pytest.mark.django_db


def test_published_comments_hide_personal_data_and_staff_see_them_whole(
    client,
    staff_client,
    planning_user,
    form,  # noqa: F811
):
    client.post(
        "/rendicion/2023/evaluacion/",
        valid_answers(
            q_comentarios="Llámenme al 3001234567, soy Ana C.C. 43.123.456",
            q_respondio_why="Escríbanme a ana.p@gmail.com",
        ),
    )
    EvaluationForm.objects.filter(pk=form.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    staff = staff_client(planning_user)
    for answer in Answer.objects.exclude(text=""):
        staff.post(f"/panel/evaluacion/{form.pk}/textos/{answer.pk}/", {"public": "1"})
    public = Client().get("/rendicion/2023/evaluacion/").text
    assert "Llámenme al [teléfono oculto], soy Ana [documento oculto]" in public
    assert "Escríbanme a [correo oculto]" in public
    assert "3001234567" not in public and "43.123.456" not in public and "ana.p@" not in public
    staff_page = staff.get(f"/panel/evaluacion/{form.pk}/").text
    assert "Llámenme al 3001234567, soy Ana C.C. 43.123.456" in staff_page


def test_a_report_published_before_shows_its_frozen_questions_masked(
    client,
    planning_user,
    form,  # noqa: F811
):
    # Figures are frozen at publication: a question text frozen by the contacts-only mask
    # still holds the cédula its asker typed.
    unanswered = {
        "code": "RC2023-ABC234",
        "text": "Mi cédula 71.234.567, ¿y la vía?",
        "department": "",
        "due_on": "2024-01-10",
        "overdue": True,
    }
    EvaluationReport.objects.create(
        exercise=form.event.exercise,
        state=EvaluationReport.State.PUBLISHED,
        published_at=timezone.now(),
        created_by=planning_user,
        figures={"questions": {"received": 1, "unanswered": [unanswered]}},
    )
    page = client.get("/rendicion/2023/evaluacion/informe/").text
    assert "Mi [documento oculto], ¿y la vía?" in page
    assert "71.234.567" not in page
