"""Every hostile file through every upload that can reach it, as the staff member who
uses that upload: a Spanish error, nothing imported, and the process (this test) alive."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.core.tests import hostile
from rinde.exercises.tests.factories import make_exercise
from rinde.outreach.models import MediaContact
from rinde.plan import services
from rinde.plan.models import ImportJob, StrategicLine
from rinde.plan.tests.factories import make_plan_tree
from rinde.questions.models import Question
from rinde.questions.tests.factories import make_hearing

pytestmark = pytest.mark.django_db

XLSX_FILES = {
    "far_cells": (hostile.far_cells, "usa la celda A1048576"),
    "dimension": (hostile.declared_dimension, "declara el rango A1:XFD1048576"),
    "zip_bomb": (hostile.zip_bomb, "se comprime más de 200 a 1"),
    "lying_directory": (hostile.lying_directory, "no tiene el tamaño que declara"),
    "many_members": (hostile.many_members, "partes internas"),
    "billion_laughs": (hostile.billion_laughs, "declara entidades XML"),
}
BIG_FIELD = "x" * 200_000


@pytest.fixture
def report(department, officer_user):
    indicator = make_plan_tree(department)
    return services.start_report(
        plan=indicator.project.program.component.line.plan,
        department=department,
        period=date(2023, 12, 1),
        actor=officer_user,
    )


def post(client, url, name, content):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def messages(response) -> str:
    return " ".join(e.message for e in response.context["errors"])


@pytest.mark.parametrize("kind", XLSX_FILES)
def test_hostile_workbooks_get_a_spanish_error_on_the_cut_import(
    staff_client, officer_user, report, kind
):
    make, expected = XLSX_FILES[kind]
    response = post(
        staff_client(officer_user), f"/panel/plan/cortes/{report.pk}/importar/", "c.xlsx", make()
    )
    assert response.status_code == 400
    assert expected in messages(response)
    assert not report.indicator_values.exists() and not ImportJob.objects.exists()


@pytest.mark.parametrize("kind", XLSX_FILES)
def test_hostile_workbooks_get_a_spanish_error_on_the_structure_import(
    staff_client, planning_user, report, kind
):
    make, expected = XLSX_FILES[kind]
    lines = StrategicLine.objects.count()
    response = post(
        staff_client(planning_user), "/panel/plan/estructura/importar/", "p.xlsx", make()
    )
    assert response.status_code == 400
    assert expected in messages(response)
    assert StrategicLine.objects.count() == lines


def test_a_200_kb_csv_field_in_a_cut_import_is_an_error_at_its_row_and_column(
    staff_client, officer_user, report
):
    """It was a 500: csv's own 128 KB field limit raised inside the request."""
    text = f"Código proyecto;Código indicador;Ejecutado en el mes\nP1;I1;{BIG_FIELD}\n"
    response = post(
        staff_client(officer_user),
        f"/panel/plan/cortes/{report.pk}/importar/",
        "corte.csv",
        text.encode(),
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(2, "Ejecutado en el mes")]
    assert "Fila 2, columna Ejecutado en el mes: la celda tiene más de" in errors[0].message


def test_a_csv_of_huge_line_count_is_refused_on_the_structure_import(
    staff_client, planning_user, report
):
    response = post(
        staff_client(planning_user),
        "/panel/plan/estructura/importar/",
        "p.csv",
        b"a\n" * 300_000,
    )
    assert response.status_code == 400
    assert "más de" in messages(response)


@pytest.fixture
def hearing(entity):
    exercise = make_exercise()
    return make_hearing(exercise)


def test_hostile_chat_csvs_get_a_spanish_error(staff_client, ict_user, hearing):
    client = staff_client(ict_user)
    big = f"autor,texto,hora\nAna,{BIG_FIELD},09:15\n".encode()
    response = post(client, "/panel/preguntas/chat/", "chat.csv", big)
    assert response.status_code == 400
    assert "Fila 2, columna texto: la celda tiene más de" in messages(response)
    many = b"autor,texto,hora\n" + b"\n" * 1_000_000
    response = post(client, "/panel/preguntas/chat/", "chat.csv", many)
    assert response.status_code == 400
    assert "El archivo tiene más de" in messages(response)
    assert not Question.objects.exists()


def test_a_bidi_name_in_the_chat_is_plain_content(staff_client, ict_user, hearing):
    text = "autor,texto,hora\n\u202eanA\u202c,¿Y el parque de Ditaires?,09:15\n"
    response = post(staff_client(ict_user), "/panel/preguntas/chat/", "chat.csv", text.encode())
    assert response.status_code == 200
    assert [row.author for row in response.context["rows"]] == ["\u202eanA\u202c"]


def test_hostile_directory_csvs_get_a_spanish_error(staff_client, communications_user, entity):
    client = staff_client(communications_user)
    big = f"medio;alcance;tipo;correo\n{BIG_FIELD};local;radio;a@b.example\n".encode()
    response = post(client, "/panel/difusion/medios/", "medios.csv", big)
    assert response.status_code == 400
    assert "Fila 2, columna medio: la celda tiene más de" in messages(response)
    many = b"medio;alcance;tipo;correo\n" + b"\n" * 1_000_000
    response = post(client, "/panel/difusion/medios/", "medios.csv", many)
    assert response.status_code == 400
    assert "El archivo tiene más de" in messages(response)
    assert not MediaContact.objects.exists()
