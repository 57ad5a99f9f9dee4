from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rinde.core.models import AuditEntry
from rinde.entity.tests.factories import make_department
from rinde.exercises import services
from rinde.exercises.models import (
    Action,
    ActionStatus,
    Element,
    Event,
    EventKind,
    Exercise,
    PlanningInstrument,
    Stage,
    StageKind,
)
from rinde.exercises.seed_template import MURC_TEMPLATE
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db

MURC_ACTION_COUNT = sum(len(rows) for rows in MURC_TEMPLATE.values())


def test_the_murc_template_has_actions_in_every_stage_and_no_entity_in_its_text():
    assert set(MURC_TEMPLATE) == set(StageKind)
    assert all(MURC_TEMPLATE[kind] for kind in StageKind)
    text = " ".join(row[0] + row[3] + row[4] for rows in MURC_TEMPLATE.values() for row in rows)
    for word in ["Itagüí", "itagui", "2023", "Oportunidades", "Alcaldía"]:
        assert word.lower() not in text.lower()


def test_applying_the_template_puts_each_action_in_its_stage_with_its_office_and_date():
    planning = make_department("Departamento Administrativo de Planeación", code="planeacion")
    make_department("Dirección Administrativa de las TIC", code="tic")
    make_department("Secretaría de las Comunicaciones", code="comunicaciones")
    exercise = make_exercise(2027)

    added = services.apply_template(exercise, hearing_day=date(2027, 11, 18))

    assert added == MURC_ACTION_COUNT
    assert Stage.objects.filter(exercise=exercise).count() == 5
    evaluation = Action.objects.get(description__contains="formato de evaluación")
    assert evaluation.stage.kind == StageKind.EXECUTION
    assert evaluation.department == planning
    assert evaluation.element == Element.RESPONSIBILITY
    assert evaluation.due_on == date(2027, 11, 18)  # the hearing's day, a Thursday
    assert not Action.objects.filter(department__isnull=True).exists()
    assert not Action.objects.filter(due_on__isnull=True).exists()
    # 30 days before Thursday 18 Nov 2027 is Tuesday 19 Oct 2027, a business day.
    report = Action.objects.get(description__startswith="Publicar el informe de gestión")
    assert report.due_on == date(2027, 10, 19)
    # 21 days after is Thursday 9 Dec 2027; 45 days after is Sunday 2 Jan 2028, moved to
    # Monday 3 Jan 2028 (after the hearing a due date moves later, never earlier).
    improvement = Action.objects.get(description__startswith="Formular y publicar el plan")
    assert improvement.due_on == date(2028, 1, 3)
    strategy = Action.objects.get(description__startswith="Formular la estrategia")
    assert strategy.due_on == date(2027, 1, 31)
    assert "Programa de Transparencia y Ética Pública" in strategy.description


def test_the_template_names_the_paac_before_2025():
    exercise = make_exercise(2024)
    services.apply_template(exercise, hearing_day=date(2024, 11, 14))
    strategy = Action.objects.get(description__startswith="Formular la estrategia")
    assert "Plan Anticorrupción y de Atención al Ciudadano" in strategy.description
    assert "{instrumento}" not in strategy.description


def test_creating_an_exercise_from_the_panel_uses_the_template_and_leaves_an_audit_entry(
    staff_client, planning_user, entity
):
    client = staff_client(planning_user)
    response = client.post(
        "/panel/rendicion/nuevo/",
        {
            "year": 2027,
            "title": "Rendición de Cuentas 2027",
            "starts_on": "2027-01-15",
            "ends_on": "2028-01-31",
            "source": "plantilla",
            "hearing_at": "2027-11-18T09:00",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/panel/rendicion/2027/"
    exercise = Exercise.objects.get(slug="2027")
    assert exercise.planning_instrument == PlanningInstrument.PTEP
    assert Action.objects.filter(stage__exercise=exercise).count() == MURC_ACTION_COUNT
    hearing = Event.objects.get(exercise=exercise)
    assert hearing.kind == EventKind.HEARING
    assert timezone.localtime(hearing.starts_at).hour == 9
    entry = AuditEntry.objects.get(action="exercises.create")
    assert entry.changes["template_actions"] == MURC_ACTION_COUNT


def test_a_template_exercise_needs_its_hearing_date(staff_client, planning_user, entity):
    response = staff_client(planning_user).post(
        "/panel/rendicion/nuevo/",
        {
            "year": 2027,
            "title": "Sin audiencia",
            "starts_on": "2027-01-15",
            "ends_on": "2027-12-31",
            "source": "plantilla",
        },
    )
    assert response.status_code == 200
    assert "Indique la fecha de la audiencia" in response.text
    assert not Exercise.objects.exists()


def test_a_new_exercise_without_dates_spans_its_year(staff_client, planning_user, entity):
    response = staff_client(planning_user).post(
        "/panel/rendicion/nuevo/",
        {"year": 2027, "title": "Rendición de cuentas 2027", "source": "vacio"},
    )
    assert response.status_code == 302
    exercise = Exercise.objects.get(slug="2027")
    assert (exercise.starts_on, exercise.ends_on) == (date(2027, 1, 1), date(2027, 12, 31))
    assert not Action.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.parametrize(("year", "instrument"), [(2024, "paac"), (2025, "ptep"), (2031, "ptep")])
def test_the_instrument_follows_the_year(entity, year, instrument):
    assert make_exercise(year).planning_instrument == instrument


def test_creating_an_exercise_with_bad_dates_shows_a_spanish_error_and_keeps_the_input(
    staff_client, planning_user, entity
):
    client = staff_client(planning_user)
    response = client.post(
        "/panel/rendicion/nuevo/",
        {
            "year": 2024,
            "title": "Mi título escrito",
            "planning_instrument": "paac",
            "starts_on": "2024-05-01",
            "ends_on": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "El fin no puede ser anterior al inicio." in response.text
    assert "Mi título escrito" in response.text
    assert not Stage.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_for_the_panel(client, entity):
    response = client.get("/panel/rendicion/nuevo/")
    assert response.status_code == 302
    assert "/panel/ingresar/" in response["Location"]


def test_an_oversight_member_cannot_create_an_exercise(staff_client, oversight_user, entity):
    response = staff_client(oversight_user).get("/panel/rendicion/nuevo/")
    assert response.status_code == 403


def test_staff_see_overdue_actions_and_not_the_done_ones(staff_client, planning_user, entity):
    exercise = make_exercise()
    stage = services.ensure_stages(exercise)[0]
    Action.objects.create(
        stage=stage,
        description="Vencida y pendiente",
        element="information",
        due_on=date(2020, 1, 1),
    )
    Action.objects.create(
        stage=stage,
        description="Vencida pero cumplida",
        element="information",
        due_on=date(2020, 1, 1),
        status=ActionStatus.DONE,
    )
    response = staff_client(planning_user).get("/panel/rendicion/")
    assert response.status_code == 200
    assert "Vencida y pendiente" in response.text
    assert "Vencida pero cumplida" not in response.text


def test_an_officer_updates_an_action_of_their_own_office_with_an_audit_entry(
    staff_client, officer_user, department, entity
):
    stage = services.ensure_stages(make_exercise())[0]
    action = Action.objects.create(
        stage=stage, description="Publicar", element="information", department=department
    )
    response = staff_client(officer_user).post(
        f"/panel/rendicion/acciones/{action.pk}/",
        {
            "status": "done",
            "due_on": "2023-03-31",
            "department": department.pk,
            "evidence_url": "https://www.itagui.gov.co/informe",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    entry = AuditEntry.objects.get(action="exercises.action_update")
    assert entry.changes["status"] == ["pending", "done"]


def test_an_officer_cannot_update_another_office_action(
    staff_client, officer_user, other_department, entity
):
    stage = services.ensure_stages(make_exercise())[0]
    action = Action.objects.create(
        stage=stage, description="Ajena", element="information", department=other_department
    )
    response = staff_client(officer_user).get(f"/panel/rendicion/acciones/{action.pk}/")
    assert response.status_code == 403


def test_a_renamed_non_pdf_evidence_is_refused_in_spanish(staff_client, planning_user, entity):
    from django.core.files.uploadedfile import SimpleUploadedFile

    stage = services.ensure_stages(make_exercise())[0]
    action = Action.objects.create(stage=stage, description="Con evidencia", element="dialogue")
    fake = SimpleUploadedFile("evidencia.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = staff_client(planning_user).post(
        f"/panel/rendicion/acciones/{action.pk}/",
        {"status": "done", "channels": "Radio local", "evidence_file": fake},
    )
    assert response.status_code == 200
    assert "aunque su nombre lo diga" in response.text
    assert "Radio local" in response.text
    action.refresh_from_db()
    assert action.status == ActionStatus.PENDING


def test_staff_publish_an_exercise_from_the_panel_with_an_audit_entry(
    staff_client, communications_user, entity, client
):
    make_exercise(2024, is_published=False)
    staff = staff_client(communications_user)
    assert staff.get("/panel/rendicion/2024/editar/").status_code == 200
    response = staff.post(
        "/panel/rendicion/2024/editar/",
        {
            "year": 2024,
            "title": "Rendición de Cuentas 2024",
            "planning_instrument": "paac",
            "starts_on": "2024-01-16",
            "ends_on": "2025-01-31",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="exercises.update")
    assert entry.changes["is_published"] == [False, True]
    staff.logout()
    assert client.get("/rendicion/2024/").status_code == 200


def test_the_staff_exercise_list_keeps_a_constant_query_count(
    staff_client, planning_user, entity, django_assert_num_queries
):
    client = staff_client(planning_user)
    exercise = make_exercise()
    stage = services.ensure_stages(exercise)[0]
    Action.objects.create(stage=stage, description="a", element="dialogue", due_on=date(2020, 1, 1))
    client.get("/panel/rendicion/")
    with CaptureQueriesContext(connection) as first:
        client.get("/panel/rendicion/")
    for n in range(5):
        Action.objects.create(
            stage=stage, description=f"b{n}", element="dialogue", due_on=date(2020, 1, 2)
        )
    make_exercise(2024)
    with django_assert_num_queries(len(first)):
        client.get("/panel/rendicion/")


def test_a_citizen_account_cannot_open_the_panel_pages(staff_client, citizen_user, entity):
    make_exercise()
    client = staff_client(citizen_user)
    for url in ["/panel/rendicion/", "/panel/rendicion/2023/", "/panel/rendicion/2023/editar/"]:
        assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/panel/rendicion/documentos/1/archivo/",
        "/panel/rendicion/documentos/1/publicar/",
        "/panel/rendicion/documentos/1/retirar/",
        "/panel/rendicion/inscripciones/1/asistencia/",
    ],
)
def test_the_panel_asks_anonymous_visitors_to_log_in_before_checking_the_method(
    client, entity, path
):
    """The method check came before the staff check: an anonymous GET was told 405 and
    learnt the address exists and takes POST."""
    response = client.get(path)
    assert response.status_code == 302
    assert "/panel/ingresar/" in response["Location"]
