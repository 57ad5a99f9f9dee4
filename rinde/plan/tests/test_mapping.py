"""The mapping step: header rows found, columns proposed from synonyms, the planner's
correction kept for the next file with the same titles."""

from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.plan import structure_sheet
from rinde.plan.importing import mapping
from rinde.plan.importing.reader import Table
from rinde.plan.models import ColumnMapping, ImportJob, Indicator
from rinde.plan.tests import sheets
from rinde.plan.tests.test_structure_sheet import HEADERS, indicator, row  # noqa: F401

URL = "/panel/plan/estructura/importar/"


def test_titles_are_matched_without_accents_case_spaces_or_punctuation():
    assert mapping.normalize("  Código   BPIN: ") == "codigo bpin"
    fields = structure_sheet.fields([2024])
    header = mapping.header_at(
        Table([["CÓDIGO  BPIN", "Unidad de Medida.", "Programado 2024", "Otra cosa"]]), 0, 1
    )
    assert mapping.propose(header, fields) == {"BPIN": 0, "Unidad": 1, "Meta 2024": 2}


def test_a_title_merged_over_several_columns_counts_for_each():
    fields = structure_sheet.fields([2024, 2025])
    table = Table(
        [["PLAN INDICATIVO"], ["Meta de producto", "Programado", None], [None, "2024", "2025"]],
        merged=[((1, 1), (1, 2)), ((1, 0), (2, 0))],
    )
    header = mapping.detect_header(table, fields)
    assert (header.start, header.height) == (1, 2)
    assert header.titles == ["Meta de producto", "Programado · 2024", "Programado · 2025"]
    assert mapping.propose(header, fields) == {"Indicador": 0, "Meta 2024": 1, "Meta 2025": 2}


def test_the_planner_corrects_the_proposal_and_it_is_kept_for_the_next_file(
    staff_client,
    planning_user,
    indicator,  # noqa: F811
):
    titles = [("Nombre corto" if h == "Indicador" else h) for h in HEADERS]
    content = sheets.workbook([titles, row()])
    client = staff_client(planning_user)
    response = client.post(URL, {"file": SimpleUploadedFile("a.xlsx", content)})
    page = client.get(response.url)
    form = page.context["form"]
    data = {n: form.fields[n].initial for n in form.fields}
    name_field = next(n for n in form.fields if form.fields[n].label == "Indicador")
    assert data[name_field] == ""  # "Nombre corto" is nobody's synonym
    assert "Indicador" in page.context["required_missing"]
    # The same column twice is refused, naming the other field.
    code_field = next(n for n in form.fields if form.fields[n].label == "Código indicador")
    refused = client.post(response.url, {**data, name_field: data[code_field]})
    assert refused.status_code == 400
    assert "ya está asignada a «Código indicador»" in refused.text
    client.post(response.url, {**data, name_field: str(titles.index("Nombre corto"))})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY, job.errors
    assert ColumnMapping.objects.get().columns["Indicador"] == titles.index("Nombre corto")
    client.post(f"/panel/plan/importaciones/{job.pk}/confirmar/")
    assert Indicator.objects.get(code="P-9.1").name == "Parques construidos"
    again = client.post(URL, {"file": SimpleUploadedFile("b.xlsx", content)})
    assert again.status_code == 200  # straight to the preview


def test_only_the_author_maps_the_columns(staff_client, planning_user, admin_user, indicator):  # noqa: F811
    content = sheets.workbook([[*HEADERS, "Notas"], row() + ["x"]])
    response = staff_client(planning_user).post(
        URL, {"file": SimpleUploadedFile("a.xlsx", content)}
    )
    assert staff_client(admin_user).get(response.url).status_code == 404


def test_a_title_row_naming_the_plan_s_years_does_not_make_every_column_a_year():
    fields = structure_sheet.fields([2024, 2025])
    table = Table(
        [["Plan 2024-2027", "Plan 2024-2027"], ["Programado", None], ["2025", "2024"]],
        merged=[((0, 0), (0, 1)), ((1, 0), (1, 1))],
    )
    header = mapping.header_at(table, 0, 3)
    assert mapping.propose(header, fields) == {"Meta 2024": 1, "Meta 2025": 0}
