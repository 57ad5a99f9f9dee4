"""The quarterly requests report (Decreto 103 de 2015 art. 52; Res. 1519 item 4.10)."""

import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from rinde.entity.calendar import work_calendar
from rinde.exercises.tests.factories import make_exercise
from rinde.questions import services
from rinde.questions.models import (
    AccessDenial,
    DenialGround,
    QuarterlyReport,
    QuarterlyReportPdf,
    Question,
    Status,
)
from rinde.questions.quarterly import Quarter
from rinde.questions.tests.factories import local, make_question

pytestmark = pytest.mark.django_db

URL = "/preguntas/informe-trimestral/"


@pytest.fixture
def exercise(entity):
    return make_exercise()


def _answered(question, on: date) -> Question:
    Question.objects.filter(pk=question.pk).update(status=Status.ANSWERED, answered_on=on)
    question.refresh_from_db()
    return question


def _q4_2023(exercise, ict_user):
    """Five messages in the last quarter of 2023: one answered, one forwarded, one answered
    with access denied, one still open, and one spam."""
    answered = _answered(
        make_question(exercise, text="¿Cuánto costó el parque?", received_at=local(2023, 10, 2)),
        date(2023, 10, 13),
    )
    forwarded = make_question(
        exercise, text="Pregunta para la Gobernación", received_at=local(2023, 11, 2, 10)
    )
    services.forward_question(forwarded, actor=ict_user, authority="Gobernación de Antioquia")
    denied = _answered(
        make_question(
            exercise, text="Deme la hoja de vida del alcalde", received_at=local(2023, 11, 7)
        ),
        date(2023, 11, 20),
    )
    AccessDenial.objects.create(
        question=denied,
        ground=DenialGround.PRIVACY,
        partial=True,
        explanation="Datos personales del servidor; escriba a ana@correo.org",
    )
    make_question(exercise, text="Una pregunta que sigue abierta", received_at=local(2023, 12, 1))
    spam = make_question(exercise, text="Compre seguidores baratos", received_at=local(2023, 12, 2))
    services.reject_question(spam, actor=ict_user, reason="spam")
    return answered, forwarded, denied


def test_the_report_counts_requests_forwarded_and_denied_but_not_spam(client, exercise, ict_user):
    answered, forwarded, denied = _q4_2023(exercise, ict_user)
    response = client.get(URL, {"anio": 2023, "trimestre": 4})
    figures = response.context["figures"]
    assert figures["received"] == 4  # the spam is not a request
    assert figures["discarded"] == 1
    assert figures["forwarded"] == 1
    assert figures["denied"] == 1  # the rejected spam is not "negada"
    assert figures["answered"] == 2
    assert figures["open"] == 1
    calendar = work_calendar()
    days = {
        q.tracking_code: calendar.business_days_between(q.term_starts_after, q.answered_on)
        for q in Question.objects.filter(pk__in=[answered.pk, forwarded.pk, denied.pk])
    }
    rows = {row["code"]: row for row in response.context["report"]["requests"]}
    assert {code: rows[code]["days"] for code in days} == days
    assert figures["max_days"] == max(days.values())
    html = response.text
    assert str(DenialGround.PRIVACY.label) in html
    assert "ana@correo.org" not in html  # the explanation is masked
    assert "Gobernación de Antioquia" in html


def test_a_closed_quarter_is_archived_and_never_changes(client, exercise, ict_user):
    _q4_2023(exercise, ict_user)
    first = client.get(URL, {"anio": 2023, "trimestre": 4}).context["figures"]
    assert client.get(URL, {"anio": 2023, "trimestre": 4}).context["is_archived"]
    # Later events: a late question dated in the quarter and a denial recorded afterwards.
    late = make_question(
        exercise, text="Una pregunta en papel tardía", received_at=local(2023, 12, 5)
    )
    AccessDenial.objects.create(question=late, ground=DenialGround.RESERVED)
    again = client.get(URL, {"anio": 2023, "trimestre": 4}).context["figures"]
    assert again == first
    assert QuarterlyReport.objects.filter(year=2023, quarter=4).count() == 1
    # The archive is listed on the page.
    assert "trimestre=4" in client.get(URL).text


def test_the_current_quarter_is_computed_live(client, exercise):
    today = timezone.localdate()
    now = timezone.localtime()
    before = client.get(URL).context["figures"]["received"]
    make_question(exercise, text="Una pregunta de este trimestre", received_at=now)
    after = client.get(URL)
    assert after.context["figures"]["received"] == before + 1
    assert not after.context["is_archived"]
    assert not QuarterlyReport.objects.filter(
        year=today.year, quarter=Quarter.containing(today).number
    ).exists()


def test_downloads_pdf_and_xlsx(client, exercise, ict_user, django_capture_on_commit_callbacks):
    _q4_2023(exercise, ict_user)
    xlsx = client.get(f"{URL}2023-T4.xlsx")
    assert xlsx["Content-Disposition"].endswith('informe-trimestral-solicitudes-2023-T4.xlsx"')
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book["Solicitudes"].iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    assert any(row[10] == str(DenialGround.PRIVACY.label) for row in rows)
    pdf = client.get(f"{URL}2023-T4.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    # Rendered by the worker once, and served as stored afterwards.
    stored = QuarterlyReportPdf.objects.get(year=2023, quarter=4)
    assert bytes(stored.content) == pdf.content
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"{URL}2023-T4.pdf")
    assert QuarterlyReportPdf.objects.get(pk=stored.pk).rendered_at == stored.rendered_at


def test_before_the_worker_renders_the_pdf_a_page_says_so(client, exercise, monkeypatch):
    from rinde.questions import tasks

    asked = []
    monkeypatch.setattr(
        tasks,
        "render_quarterly_pdf",
        SimpleNamespace(enqueue=lambda *a, **kw: asked.append((a, kw))),
    )
    make_question(exercise, text="Una pregunta de este trimestre", received_at=timezone.localtime())
    quarter = Quarter.containing(timezone.localdate())
    response = client.get(f"{URL}{quarter.slug()}.pdf")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    client.get(f"{URL}{quarter.slug()}.pdf")
    assert len(asked) == 1  # asked once per change, however many requests
    assert asked[0][1] == {"entity_id": exercise.entity_id}  # whose quarter it is
    make_question(
        exercise, text="Otra pregunta de este trimestre", received_at=timezone.localtime()
    )
    client.get(f"{URL}{quarter.slug()}.pdf")
    assert len(asked) == 2


def test_a_future_or_malformed_quarter_is_not_found(client, entity):
    future = Quarter.containing(timezone.localdate() + timedelta(days=100))
    assert client.get(URL, {"anio": "x"}).status_code == 404
    assert client.get(URL, {"anio": 2023, "trimestre": 5}).status_code == 404
    assert client.get(f"{URL}2023-T4.doc").status_code == 404
    # No year without requests: nobody archives empty quarters from before Rinde.
    assert client.get(URL, {"anio": 2005, "trimestre": 1}).status_code == 404
    assert client.get(f"{URL}2005-T1.pdf").status_code == 404
    assert not QuarterlyReport.objects.exists()
    if future.start > timezone.localdate():
        assert client.get(URL, {"anio": future.year, "trimestre": future.number}).status_code == 404


def test_the_page_answers_head_and_its_queries_do_not_grow(
    client, exercise, django_assert_num_queries
):
    assert client.head(URL).status_code == 200
    now = timezone.localtime()
    make_question(exercise, text="Primera pregunta del trimestre", received_at=now)
    client.get(URL)  # warm the caches (entity, calendar)
    with django_assert_num_queries(3) as few:
        client.get(URL)
    for minute in range(1, 11):
        make_question(
            exercise,
            text=f"Otra pregunta del trimestre número {minute}",
            received_at=now - timedelta(minutes=minute),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(URL).context["figures"]["received"] == 11
