"""Every public table in the open-data catalogue: its rows, its Spanish values, its true
modification date, its DCAT metadata, and no personal data in any file."""

import csv
import io
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import parse_http_date
from openpyxl import load_workbook

from rinde.consultations.models import Survey, SurveyOption, SurveyResponse
from rinde.core import audit
from rinde.evaluation.models import EvaluationReport
from rinde.exercises.models import Document, DocumentKind, Registration
from rinde.exercises.tests.factories import make_exercise, make_hearing
from rinde.improvements.models import ImprovementAction, Origin
from rinde.outreach.models import Bulletin
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import publish
from rinde.portal import datasets
from rinde.questions.models import Answer, AnswerState, Question
from rinde.questions.tests.factories import make_question

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
EMAIL, PHONE, NAME = "ana.secreta@correo.org", "3001234567", "Ana Secreta Pérez"
SECRETS = (EMAIL, PHONE, NAME, "correo.org", "300 123 4567")
ANSWERED_AT = datetime(2024, 1, 20, 9, 30, tzinfo=BOGOTA)
DOCUMENT_AT = datetime(2024, 2, 1, 8, 0, tzinfo=BOGOTA)


def stream(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def tables(entity, department, officer_user, planning_user, communications_user):
    """One public row in every table, each carrying personal data where a citizen or an
    official could have typed it, and rows that must stay out (unpublished, drafts)."""
    indicator = make_plan_tree(department)
    with transaction.atomic():
        # As the admin or a structure import leaves it: the structure has no timestamps.
        audit.record(actor=planning_user, action="plan.indicator.edit", target=indicator)
    publish(indicator, officer_user, planning_user, 45)
    exercise = make_exercise(2023)
    hidden = make_exercise(2022, is_published=False)
    make_question(hidden, text="Pregunta de un ejercicio sin publicar")
    event = make_hearing(exercise)
    with transaction.atomic():
        audit.record(actor=planning_user, action="admin.change", target=event)
    Registration.objects.create(
        event=event,
        kind="attend",
        code="R1",
        name=NAME,
        email=EMAIL,
        phone=PHONE,
        data_consent_version="v1",
    )
    question = make_question(
        exercise,
        text=f"Escríbanme a {EMAIL} o al {PHONE}, ¿cuándo arreglan la vía?",
        asker_name=NAME,
        asker_email=EMAIL,
        asker_phone=PHONE,
        data_authorized=True,
    )
    Question.objects.filter(pk=question.pk).update(
        status="answered", answered_on=date(2024, 1, 20), department=department
    )
    Answer.objects.create(
        question=question,
        version=1,
        state=AnswerState.PUBLISHED,
        drafted_by=officer_user,
        body=f"<p>La obra empieza en marzo; llame al {PHONE}.</p>",
        published_at=ANSWERED_AT,
    )
    Answer.objects.create(
        question=question,
        version=2,
        state=AnswerState.SUBMITTED,
        drafted_by=officer_user,
        body="<p>Borrador que nadie debe ver</p>",
    )
    now = timezone.now()
    survey = Survey.objects.create(
        exercise=exercise,
        question="¿Qué temas quiere oír?",
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=1),
    )
    roads = SurveyOption.objects.create(survey=survey, order=1, label="Vías")
    health = SurveyOption.objects.create(survey=survey, order=2, label="Salud")
    for i in range(8):
        response = SurveyResponse.objects.create(
            survey=survey,
            confirmed_at=now - timedelta(days=2),
            email=f"p{i}@{EMAIL.split('@')[1]}",
            age_range="18_28",
            # Two people of one population group: a small group, suppressed.
            population_group="victima" if i < 2 else "",
            sensitive_authorized_at=now if i < 2 else None,
        )
        response.options.set([roads] if i < 6 else [health])
    EvaluationReport.objects.create(
        exercise=exercise,
        state=EvaluationReport.State.PUBLISHED,
        created_by=planning_user,
        published_at=datetime(2024, 1, 10, 12, 0, tzinfo=BOGOTA),
        figures={
            "evaluation": {
                "forms": [
                    {
                        "form": "Evaluación",
                        "responses": 3,
                        "questions": [
                            {
                                "code": "util",
                                "text": "¿Le fue útil?",
                                "rows": [["Sí", 2], ["No", 1]],
                                "average": None,
                            },
                        ],
                    }
                ]
            }
        },
    )
    ImprovementAction.objects.create(
        exercise=exercise,
        description=f"Responder a tiempo; quejas a {EMAIL}",
        origin=Origin.QUESTION,
        origin_detail="Pregunta sin respuesta",
        question=question,
        department=department,
        due_on=date(2024, 6, 30),
        created_by=planning_user,
    )
    Document.objects.create(
        exercise=exercise,
        kind=DocumentKind.MANAGEMENT_REPORT,
        title="Informe de gestión 2023",
        date=date(2024, 1, 31),
        original_name=f"informe de {NAME}.pdf",
        public_file="rendicion/documentos/2024/abc.pdf",
        size=1234,
        sha256="a" * 64,
        published_at=DOCUMENT_AT,
        uploaded_by=communications_user,
    )
    Document.objects.create(
        exercise=exercise,
        kind=DocumentKind.MINUTES,
        title="Acta sin publicar",
        date=date(2024, 1, 31),
    )
    Bulletin.objects.create(
        exercise=exercise,
        title="Audiencia pública",
        slug="audiencia",
        body="Texto",
        lead=f"Inscríbase; informes al {PHONE}",
        published_at=now - timedelta(days=3),
    )
    Bulletin.objects.create(title="Borrador", slug="borrador", lead="x", body="x")
    return {"exercise": exercise, "question": question, "indicator": indicator}


def rows_of(client, slug: str) -> list[dict]:
    return json.loads(stream(client.get(f"/datos/{slug}.json")))


def every_file(client):
    for dataset in datasets.DATASETS:
        for fmt in ("csv", "json", "xlsx"):
            response = client.get(f"/datos/{dataset.slug}.{fmt}")
            assert response.status_code == 200, (dataset.slug, fmt)
            body = stream(response)
            if fmt == "xlsx":
                sheet = load_workbook(io.BytesIO(body), read_only=True).active
                text = "\n".join(
                    str(v)
                    for row in sheet.iter_rows(values_only=True)
                    for v in row
                    if v is not None
                )
            else:
                text = body.decode("utf-8-sig")
            yield dataset, fmt, text


def test_no_file_carries_personal_data(client, tables):
    seen = set()
    for dataset, fmt, text in every_file(client):
        for secret in SECRETS:
            assert secret not in text, (dataset.slug, fmt, secret)
        seen.add(dataset.slug)
    assert seen == {d.slug for d in datasets.DATASETS}
    # The personal data was there to leak: the files show where it was hidden.
    question = rows_of(client, "preguntas-ciudadanas")[0]
    assert "[correo oculto]" in question["pregunta"] and "[teléfono oculto]" in question["pregunta"]
    assert "[teléfono oculto]" in question["respuesta"]


def test_every_table_has_rows_and_a_plan_or_exercise_column(client, tables):
    for dataset in datasets.DATASETS:
        rows = rows_of(client, dataset.slug)
        assert rows, dataset.slug
        first = dataset.header[0]
        assert first in ("plan", "ejercicio"), dataset.slug
        expected = tables["indicator"].plan.slug if first == "plan" else tables["exercise"].slug
        assert {row[first] for row in rows} == {expected}, dataset.slug


def test_coded_values_are_written_as_their_spanish_labels(client, tables):
    coded = 0
    for dataset in datasets.DATASETS:
        rows = rows_of(client, dataset.slug)
        for column in dataset.columns:
            if not column.choices:
                continue
            allowed = column.allowed_values()
            codes = set(column.labels()) - set(allowed)
            for row in rows:
                assert row[column.name] in allowed, (dataset.slug, column.name, row[column.name])
                assert row[column.name] not in codes
                coded += 1
    assert coded >= 10
    question = rows_of(client, "preguntas-ciudadanas")[0]
    assert (question["canal"], question["estado"]) == ("Formulario web", "Respondida por escrito")


def test_the_dictionary_lists_each_columns_meaning_and_allowed_values(client, tables):
    html = client.get("/datos/").text
    for dataset in datasets.DATASETS:
        assert f'id="ds-{dataset.slug}"' in html
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in html
    assert "Incremento (I)" in html and "Reducción (R)" in html
    assert "increase" not in html and "maintain o reduce" not in html
    catalogue = client.get("/datos/catalogo.json").json()
    trend = next(
        c
        for d in catalogue["dcat:dataset"]
        if d["dct:identifier"] == "plan-estructura"
        for c in d["rinde:columns"]
        if c["name"] == "tendencia"
    )
    assert trend["allowedValues"] == ["Incremento (I)", "Mantenimiento (M)", "Reducción (R)"]


def test_only_published_rows_go_out(client, tables):
    questions = rows_of(client, "preguntas-ciudadanas")
    assert [q["codigo"] for q in questions] == [tables["question"].tracking_code]
    assert "Borrador" not in questions[0]["respuesta"]
    assert questions[0]["respuesta_publicada"] == "2024-01-20"
    assert [d["titulo"] for d in rows_of(client, "documentos")] == ["Informe de gestión 2023"]
    assert [b["titulo"] for b in rows_of(client, "boletines")] == ["Audiencia pública"]


def test_documents_carry_their_checksum_size_and_address(client, tables):
    (document,) = rows_of(client, "documentos")
    assert document["sha256"] == "a" * 64
    assert document["bytes"] == 1234
    assert document["archivo"].endswith("/media/rendicion/documentos/2024/abc.pdf")
    assert document["tipo"] == "Informe de gestión"


def test_small_groups_in_survey_profiles_are_suppressed(client, tables):
    results = {r["tema"]: r for r in rows_of(client, "encuesta-temas")}
    assert (results["Vías"]["personas"], results["Salud"]["personas"]) == (6, 2)
    assert results["Vías"]["porcentaje"] == 75
    profile = rows_of(client, "encuesta-temas-por-perfil")
    victims = [r for r in profile if r["dimension"] == "Grupo poblacional"]
    assert [r["personas"] for r in victims if r["tema"] == "Vías"] == ["<5"]
    ages = [r for r in profile if r["dimension"] == "Rango de edad" and r["tema"] == "Vías"]
    assert [(r["grupo"], r["personas"]) for r in ages] == [("18 a 28 años", 6)]


def test_modified_is_the_latest_change_of_the_rows_not_now(client, tables):
    by_slug = {d.slug: d for d in datasets.DATASETS}
    assert by_slug["documentos"].modified() == DOCUMENT_AT
    # The answer published after the question was received is the table's last change.
    assert by_slug["preguntas-ciudadanas"].modified() >= ANSWERED_AT
    response = client.get("/datos/documentos.csv")
    assert parse_http_date(response["Last-Modified"]) == int(DOCUMENT_AT.timestamp())
    catalogue = client.get("/datos/catalogo.json").json()
    documents = next(d for d in catalogue["dcat:dataset"] if d["dct:identifier"] == "documentos")
    assert datetime.fromisoformat(documents["dct:modified"]) == DOCUMENT_AT
    # A later publication moves it.
    later = DOCUMENT_AT + timedelta(days=5)
    Document.objects.filter(title="Acta sin publicar").update(published_at=later)
    assert by_slug["documentos"].modified() == later


def test_an_empty_table_has_no_modified_date(client, entity):
    meta = client.get("/datos/catalogo.json").json()
    documents = next(d for d in meta["dcat:dataset"] if d["dct:identifier"] == "documentos")
    assert documents["dct:modified"] is None
    assert "Last-Modified" not in client.get("/datos/documentos.json")


def test_the_catalogue_is_dcat(client, tables):
    catalogue = client.get("/datos/catalogo.json").json()
    assert catalogue["@type"] == "dcat:Catalog"
    assert len(catalogue["dcat:dataset"]) == len(datasets.DATASETS)
    for item in catalogue["dcat:dataset"]:
        assert item["@type"] == "dcat:Dataset"
        assert item["dct:publisher"]["foaf:name"]
        assert item["dct:license"].startswith("https://creativecommons.org/")
        assert item["dcat:keyword"]
        assert item["dct:spatial"]["skos:prefLabel"].endswith("Colombia")
        assert item["dct:temporal"]["dcat:startDate"], item["dct:identifier"]
        assert item["dct:modified"], item["dct:identifier"]
        formats = {d["dct:format"]: d for d in item["dcat:distribution"]}
        assert set(formats) == {"CSV", "XLSX", "JSON"}
        assert formats["CSV"]["dcat:mediaType"] == "text/csv"
        for fmt in ("CSV", "JSON"):
            url = formats[fmt]["dcat:downloadURL"].removeprefix("http://testserver")
            assert formats[fmt]["dcat:byteSize"] == len(stream(client.get(url)))
        assert "dcat:byteSize" not in formats["XLSX"]


def test_the_page_shows_each_tables_date_with_constant_queries(client, entity, tables):
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        html = client.get("/datos/").text
    assert "1 de febrero de 2024" in html.lower()
    Document.objects.create(
        exercise=tables["exercise"],
        kind=DocumentKind.OTHER,
        title="Otro",
        date=date(2024, 3, 1),
        published_at=DOCUMENT_AT,
    )
    make_question(tables["exercise"])
    cache.clear()
    with CaptureQueriesContext(connection) as more:
        client.get("/datos/")
    assert len(more) == len(few)


def test_csv_cells_follow_the_header(client, tables):
    text = stream(client.get("/datos/preguntas-ciudadanas.csv")).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    assert header == datasets.get("preguntas-ciudadanas").header
    assert len(row) == len(header)


def test_the_plan_structure_changes_when_its_audit_trail_says_so(entity, department, admin_user):
    structure = datasets.get("plan-estructura")
    indicator = make_plan_tree(department)
    assert structure.modified() is None  # nothing says when: no made-up date
    with transaction.atomic():
        entry = audit.record(actor=admin_user, action="plan.project.edit", target=indicator.project)
    assert structure.modified() == entry.created_at


def test_files_answer_head_and_if_modified_since(client, tables):
    head = client.head("/datos/documentos.csv")
    assert head.status_code == 200 and head["Last-Modified"]
    again = client.get(
        "/datos/documentos.csv", headers={"if-modified-since": head["Last-Modified"]}
    )
    assert again.status_code == 304
    Document.objects.filter(title="Acta sin publicar").update(
        published_at=DOCUMENT_AT + timedelta(days=1)
    )
    changed = client.get(
        "/datos/documentos.csv", headers={"if-modified-since": head["Last-Modified"]}
    )
    assert changed.status_code == 200
    assert "Acta sin publicar" in stream(changed).decode("utf-8-sig")
