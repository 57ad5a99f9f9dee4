import re
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.exercises.tests.factories import make_exercise
from rinde.questions.chat_import import looks_like_chatter, parse_chat_csv
from rinde.questions.models import Channel, Question
from rinde.questions.tests.factories import make_hearing

HEARING = date(2023, 12, 15)


def upload(client, rows: str):
    """Send a chat file with these rows for a preview."""
    data = ("autor,texto,hora\n" + rows).encode()
    return client.post(
        "/panel/preguntas/chat/", {"file": SimpleUploadedFile("chat.csv", data, "text/csv")}
    )


def confirm(client, preview, **kwargs):
    """Press the preview's "Confirmar" button: it names the preview it confirms."""
    key = re.search(r'name="preview" value="(\w+)"', preview.text).group(1)
    return client.post("/panel/preguntas/chat/", {"confirm": "1", "preview": key}, **kwargs)


def test_a_good_chat_file_gives_one_row_per_comment():
    data = 'autor,texto,hora\nAna,¿Y el parque de Ditaires?,09:15\nBeto,"¿Cuánto costó, en total, la obra?",2023-12-15 09:20\n'.encode()
    rows, errors = parse_chat_csv(data, HEARING)
    assert errors == []
    assert [(r.line, r.author) for r in rows] == [(2, "Ana"), (3, "Beto")]
    assert rows[0].sent_at == datetime(2023, 12, 15, 9, 15)


def test_semicolons_and_a_bom_are_accepted():
    data = "\ufeffAutor;Texto;Hora\nAna;¿Y el parque?;09:15\n".encode()
    rows, errors = parse_chat_csv(data, HEARING)
    assert errors == [] and len(rows) == 1


def test_every_bad_cell_is_reported_by_row_and_column():
    data = "autor,texto,hora\nAna,¿Y el parque?,9.15\nBeto,¿Y la vía?,mañana\nCarla,ok pregunta,09:99\n".encode()
    rows, errors = parse_chat_csv(data, HEARING)
    assert [(e.line, e.column) for e in errors] == [(2, "hora"), (3, "hora"), (4, "hora")]
    assert "mañana" in errors[1].message


def test_missing_columns_are_named():
    rows, errors = parse_chat_csv(b"nombre,mensaje\nAna,hola\n", HEARING)
    assert errors[0].message.startswith("Falta la columna «hora»")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_a_file_saved_by_excel_is_read(encoding):
    data = "autor,texto,hora\nMaría Peña,¿Qué pasó con el puente?,09:00\n".encode(encoding)
    rows, errors = parse_chat_csv(data, HEARING)
    assert errors == []
    assert (rows[0].author, rows[0].text) == ("María Peña", "¿Qué pasó con el puente?")


def test_a_file_in_another_encoding_is_explained():
    # 0x81 and 0x8d are neither UTF-8 nor Windows-1252.
    rows, errors = parse_chat_csv(b"autor,texto,hora\nAna,\x81\x8d,09:00\n", HEARING)
    assert rows == [] and "UTF-8" in errors[0].message and "byte 21" in errors[0].message


@pytest.mark.django_db
def test_upload_preview_then_confirm_imports_all_rows(staff_client, ict_user, entity):
    exercise = make_exercise()
    make_hearing(exercise)
    client = staff_client(ict_user)
    data = "autor,texto,hora\nAna,¿Y el parque de Ditaires?,09:15\nBeto,¿Cuánto costó la obra?,09:20\n".encode()
    response = client.post(
        "/panel/preguntas/chat/", {"file": SimpleUploadedFile("chat.csv", data, "text/csv")}
    )
    assert response.status_code == 200
    assert "Vista previa: 2 preguntas" in response.text
    assert Question.objects.count() == 0
    response = confirm(client, response)
    assert response.status_code == 302
    assert list(Question.objects.values_list("channel", flat=True)) == [Channel.CHAT, Channel.CHAT]
    assert {q.due_on for q in Question.objects.all()} == {date(2024, 1, 10)}


@pytest.mark.django_db
def test_a_file_with_errors_imports_nothing(staff_client, ict_user, entity):
    make_exercise()
    client = staff_client(ict_user)
    data = "autor,texto,hora\nAna,¿Y el parque?,09:15\nBeto,¿Y la vía?,mañana\n".encode()
    response = client.post(
        "/panel/preguntas/chat/", {"file": SimpleUploadedFile("chat.csv", data, "text/csv")}
    )
    assert response.status_code == 400
    assert "El archivo tiene 1 error" in response.text
    client.post("/panel/preguntas/chat/", {"confirm": "1"})
    assert Question.objects.count() == 0


@pytest.mark.django_db
def test_a_chat_file_uploaded_twice_registers_each_comment_once(staff_client, ict_user, entity):
    exercise = make_exercise()
    make_hearing(exercise)
    client = staff_client(ict_user)

    confirm(
        client,
        upload(client, "Ana,¿Y el parque de Ditaires?,09:15\nBeto,¿Cuánto costó la obra?,09:20\n"),
    )
    assert Question.objects.count() == 2
    # A later export repeats the first two comments and adds one.
    response = upload(
        client,
        "Ana,¿Y el parque de Ditaires?,09:15\nBeto,¿Cuánto costó la obra?,09:20\n"
        "Carla,¿Cuándo abren el colegio?,09:31\n",
    )
    assert "2 comentarios ya están registrados" in response.text
    assert "Confirmar y registrar 1 pregunta" in response.text
    response = confirm(client, response, follow=True)
    assert "2 comentarios ya estaban registrados" in response.text
    assert Question.objects.count() == 3
    assert Question.objects.filter(asker_name="Ana").count() == 1


@pytest.mark.django_db
def test_each_preview_confirms_its_own_file(staff_client, ict_user, entity):
    # Two tabs: a.csv previewed, then b.csv; confirming a.csv's preview registers a.csv.
    exercise = make_exercise()
    make_hearing(exercise)
    client = staff_client(ict_user)

    first = upload(client, "Ana,¿Y el parque de Ditaires?,09:15\n")
    upload(client, "Beto,¿Cuánto costó la obra?,09:20\nCarla,¿Cuándo abren el colegio?,09:31\n")
    confirm(client, first)
    assert list(Question.objects.values_list("asker_name", flat=True)) == ["Ana"]
    # A confirm that names no known preview registers nothing.
    response = client.post("/panel/preguntas/chat/", {"confirm": "1", "preview": "x"}, follow=True)
    assert "La vista previa venció" in response.text
    assert Question.objects.count() == 1


def test_empty_lines_and_comments_without_text_are_skipped_not_refused():
    # Excel on a Spanish Windows: semicolons, CRLF; one empty line, one of spaces, and a
    # chat line whose text is empty (a sticker): none of them blocks the file.
    data = (
        "autor;texto;hora\r\nAna;¿Y el parque?;09:15\r\n\r\nBeto;¿Y la vía?;09:20\r\n"
        " \r\nCarla;;09:21\r\nDora;¿Y el colegio?;09:22\r\n"
    ).encode()
    rows, errors = parse_chat_csv(data, HEARING)
    assert errors == []
    assert [(r.line, r.author) for r in rows] == [(2, "Ana"), (4, "Beto"), (7, "Dora")]


@pytest.mark.parametrize(
    ("text", "chatter"),
    [
        ("Buenas tardes a todos", True),
        ("¡Muchas gracias!", True),
        ("Saludos desde Santa María", True),
        ("👍👍", True),
        ("Hola, ¿cuándo arreglan la vía principal?", False),
        ("Gracias, pero ¿qué pasó con el colegio?", False),
        ("Quiero saber cuánto costó la obra del parque", False),
        ("Hola quiero saber cuánto costó la obra del parque", False),
    ],
)
def test_greetings_and_thanks_are_suggested_as_not_questions(text, chatter):
    assert looks_like_chatter(text) is chatter


def test_ict_leaves_out_the_lines_marked_as_not_questions(staff_client, ict_user, entity):
    exercise = make_exercise()
    make_hearing(exercise)
    client = staff_client(ict_user)
    preview = upload(
        client,
        "Ana,Buenas tardes a todos,09:10\nBeto,¿Cuánto costó la obra?,09:20\n"
        "Carla,Felicitaciones por el informe,09:25\nDora,¿Y el parque?,09:30\n",
    )
    assert preview.status_code == 200
    # The greeting comes marked; the others do not (Carla's is up to ICT).
    assert re.search(r'name="omitir" value="2" id="omitir-2" checked', preview.text)
    assert re.search(r'name="omitir" value="3" id="omitir-3">', preview.text)
    key = re.search(r'name="preview" value="(\w+)"', preview.text).group(1)
    response = client.post(
        "/panel/preguntas/chat/",
        {"confirm": "1", "preview": key, "omitir": ["2", "4"]},
        follow=True,
    )
    assert sorted(Question.objects.values_list("text", flat=True)) == [
        "¿Cuánto costó la obra?",
        "¿Y el parque?",
    ]
    assert "2 líneas marcadas" in response.text


@pytest.mark.django_db
def test_only_ict_and_planning_import_a_chat_even_calling_the_service(officer_user, entity):
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from rinde.questions import services

    exercise = make_exercise()
    rows, errors = parse_chat_csv("autor,texto,hora\nAna,¿Y el parque?,09:15\n".encode(), HEARING)
    assert rows and not errors
    with pytest.raises(PermissionDenied):
        services.import_chat_rows(
            exercise=exercise,
            rows=rows,
            not_questions=set(),
            tz=timezone.get_current_timezone(),
            actor=officer_user,
        )
    assert Question.objects.count() == 0
