"""Staff record a denial of access on a request from the panel (not Django admin), and the
quarterly report counts it as "negada" with its legal ground."""

from datetime import date

import pytest

from rinde.core.models import AuditEntry
from rinde.entity.calendar import work_calendar
from rinde.exercises.tests.factories import make_exercise
from rinde.questions import quarterly, services
from rinde.questions.models import AccessDenial, DenialGround, Status
from rinde.questions.quarterly import Quarter
from rinde.questions.tests.factories import local, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(entity, department, planning_user):
    question = make_question(
        make_exercise(), text="Deme la hoja de vida", received_at=local(2023, 11, 7)
    )
    services.classify_question(
        question, actor=planning_user, department=department, kind="general", topic=""
    )
    return question


def url(question):
    return f"/panel/preguntas/{question.pk}/negacion/"


def test_the_department_records_a_denial_and_the_quarter_counts_it(
    staff_client, officer_user, question
):
    client = staff_client(officer_user)
    assert url(question) in client.get(f"/panel/preguntas/{question.pk}/").content.decode()
    page = client.get(url(question))
    assert page.status_code == 200
    response = client.post(
        url(question),
        {"ground": DenialGround.PRIVACY, "partial": "on", "explanation": "Datos de un tercero."},
    )
    assert response.status_code == 302
    denial = AccessDenial.objects.get(question=question)
    assert (denial.ground, denial.partial) == (DenialGround.PRIVACY, True)
    entry = AuditEntry.objects.get(action="questions.denial.record")
    assert entry.changes["ground"] == [None, DenialGround.PRIVACY]
    data = quarterly.compute(Quarter(2023, 4), work_calendar(), date(2024, 1, 15))
    assert data["totals"]["denied"] == 1


def test_a_correction_and_a_withdrawal_are_audited(staff_client, officer_user, question):
    client = staff_client(officer_user)
    client.post(url(question), {"ground": DenialGround.PRIVACY, "explanation": "Motivo uno."})
    client.post(url(question), {"ground": DenialGround.SAFETY, "explanation": "Motivo dos."})
    assert AccessDenial.objects.get(question=question).ground == DenialGround.SAFETY
    client.post(url(question), {"withdraw": "1"})
    assert not AccessDenial.objects.filter(question=question).exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="questions.denial")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == ["questions.denial.record", "questions.denial.record", "questions.denial.withdraw"]


def test_a_missing_reason_is_a_spanish_error_that_keeps_the_choice(
    staff_client, officer_user, question
):
    response = staff_client(officer_user).post(url(question), {"ground": DenialGround.PRIVACY})
    assert response.status_code == 200
    assert "Este campo es obligatorio" in response.content.decode()
    assert not AccessDenial.objects.exists()


def test_another_department_and_a_rejected_question_cannot_have_one(
    staff_client, question, other_department, planning_user, ict_user
):
    from rinde.accounts.models import Role
    from rinde.accounts.tests.factories import make_user

    outsider = make_user(Role.OFFICER, username="otro", departments=[other_department])
    assert staff_client(outsider).get(url(question)).status_code == 404
    spam = make_question(question.exercise, text="Compre ya", received_at=local(2023, 11, 8))
    services.reject_question(spam, actor=ict_user, reason="spam")
    spam.refresh_from_db()
    assert spam.status == Status.REJECTED
    response = staff_client(planning_user).post(
        url(spam), {"ground": DenialGround.PRIVACY, "explanation": "No aplica."}
    )
    assert response.status_code == 200
    assert "no es una solicitud con acceso negado" in response.content.decode()
    assert not AccessDenial.objects.filter(question=spam).exists()
