import csv
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import publish
from rinde.questions.tests.factories import make_exercise, make_question

pytestmark = pytest.mark.django_db


def stream(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_catalogue_lists_every_dataset_with_its_dictionary(client, entity):
    html = client.get("/datos/").text
    assert "Avance mensual de los indicadores" in html
    assert "Diccionario de columnas" in html
    meta = client.get("/datos/catalogo.json").json()
    assert {d["dct:identifier"] for d in meta["dcat:dataset"]} >= {
        "plan-avance-indicadores",
        "preguntas-ciudadanas",
    }
    assert meta["dcat:dataset"][0]["dct:rights"].startswith("Creative Commons")


def test_plan_cuts_download_in_three_formats(
    client, entity, department, officer_user, planning_user
):
    indicator = make_plan_tree(department)
    publish(indicator, officer_user, planning_user, 45)
    csv_text = stream(client.get("/datos/plan-avance-indicadores.csv")).decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    plan = indicator.plan.slug
    assert lines[0].startswith("plan,mes,dependencia,codigo_proyecto")
    assert lines[1].startswith(f"{plan},2023-12-01,{department.name},")
    assert lines[1].split(",")[10] == "45"
    rows = json.loads(stream(client.get("/datos/plan-avance-indicadores.json")))
    assert rows[0]["valor_mes"] == "45"
    sheet = load_workbook(
        io.BytesIO(stream(client.get("/datos/plan-ejecucion-presupuestal.xlsx")))
    ).active
    assert [c.value for c in sheet[1]][:4] == ["plan", "mes", "dependencia", "codigo_proyecto"]
    assert sheet.max_row == 2


def test_the_questions_dataset_has_no_personal_data(client, entity):
    exercise = make_exercise()
    make_question(
        exercise, asker_name="Ana Secreta", asker_email="ana@secreto.org", data_authorized=True
    )
    body = stream(client.get("/datos/preguntas-ciudadanas.csv")).decode()
    assert "Ana Secreta" not in body and "secreto.org" not in body
    assert len(body.strip().splitlines()) == 2


def test_unknown_datasets_and_formats_are_404(client):
    assert client.get("/datos/nada.csv").status_code == 404
    assert client.get("/datos/preguntas-ciudadanas.pdf").status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2093000000.00"), "2093000000"),
        (Decimal("1500.50"), "1500.5"),
        (Decimal("0.00"), "0"),
        (Decimal("12.25"), "12.25"),
        (Decimal("100"), "100"),
    ],
)
def test_decimals_are_written_in_plain_notation(value, expected):
    from rinde.portal.opendata_views import _plain

    assert _plain(value) == expected


def test_the_plan_structure_dataset_lists_each_indicator_with_its_tree(client, entity, department):
    indicator = make_plan_tree(department)
    rows = json.loads(stream(client.get("/datos/plan-estructura.json")))
    assert len(rows) == 1
    row = rows[0]
    assert row["codigo_indicador"] == indicator.code
    assert row["codigo_proyecto"] == indicator.project.code
    assert row["dependencia"] == department.name
    assert row["meta_cuatrienio"] == "100"


def test_typed_text_cannot_become_a_formula_and_numbers_stay_numbers(client, entity, department):
    indicator = make_plan_tree(department, trend="reduce", baseline=-5)
    indicator.name = '=HYPERLINK("http://evil","clic")'
    indicator.unit = "-5"
    indicator.save()
    csv_text = stream(client.get("/datos/plan-estructura.csv")).decode("utf-8-sig")
    row = next(csv.reader(io.StringIO(csv_text.splitlines()[1])))
    assert row[13:17] == ["'" + indicator.name, "'-5", "Reducción (R)", "-5"]
    sheet = load_workbook(io.BytesIO(stream(client.get("/datos/plan-estructura.xlsx")))).active
    name, unit, baseline = sheet.cell(2, 14), sheet.cell(2, 15), sheet.cell(2, 17)
    assert (name.value, name.data_type) == (indicator.name, "s")
    assert (unit.value, baseline.value) == ("-5", -5)
