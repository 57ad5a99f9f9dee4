from datetime import date
from decimal import Decimal

import pytest

from rinde.plan.models import ProgressReport, ReportState
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(department):
    return make_plan_tree(department)


def test_the_dashboard_without_approved_cuts_says_so(client, entity, indicator):
    assert "Aún no hay cortes mensuales aprobados." in client.get("/plan/").text


def test_the_dashboard_shows_published_progress(
    client, entity, indicator, officer_user, planning_user
):
    publish(indicator, officer_user, planning_user, 45)
    html = client.get("/plan/").text
    assert "45 %" in html
    assert "Rojo" in html  # 0.45 is under the default 0.60 threshold
    assert 'role="img"' in html  # the SVG history
    line = client.get("/plan/linea/1/")
    assert line.status_code == 200
    assert indicator.project.program.name in line.text
    program = client.get(f"/plan/programa/{indicator.project.program.code}/")
    assert indicator.project.name in program.text
    project = client.get(f"/plan/proyecto/{indicator.project.code}/")
    assert "Obras terminadas" in project.text


def test_a_bad_month_is_a_404(client, entity, indicator):
    assert client.get("/plan/?mes=diciembre").status_code == 404


def test_dashboard_query_counts_do_not_grow_with_data(
    client, entity, department, officer_user, planning_user, django_assert_num_queries
):
    from django.core.cache import cache

    from rinde.entity.tests.factories import make_department
    from rinde.plan.models import Territory

    comuna = Territory.objects.create(name="Comuna 1", kind="comuna")
    first = make_plan_tree(department)
    publish(first, officer_user, planning_user, 10, territories=[comuna])
    paths = [
        "/plan/",
        "/plan/linea/1/",
        f"/plan/?territorio={comuna.pk}",
        f"/plan/linea/1/?dependencia={department.pk}",
        "/plan/programa/1.1.1/",
        f"/plan/proyecto/{first.project.code}/",
    ]

    def counts():
        result = []
        for path in paths:
            cache.clear()  # measure the page as rendered, not as served from the page cache
            with django_assert_num_queries(100, exact=False) as captured:
                assert client.get(path).status_code == 200
            result.append(len(captured.captured_queries))
        return result

    before = counts()
    for n in range(8):
        other = make_department(f"Secretaría {n}", code=f"s{n}")
        other_indicator = make_plan_tree(other, code=str(n + 2))
        for month in (10, 11, 12):
            publish(
                other_indicator,
                make_user_for(other),
                planning_user,
                n,
                period=date(2023, month, 1),
                territories=[comuna],
            )
        # and more months of the first project
        publish(first, officer_user, planning_user, n, period=date(2023, n + 1, 1))
    assert counts() == before


def test_the_territory_filter_shows_the_projects_reported_there(
    client, entity, department, officer_user, planning_user
):
    from rinde.entity.tests.factories import make_department
    from rinde.plan.models import Territory

    comuna = Territory.objects.create(name="Comuna 4", kind="comuna")
    here = make_plan_tree(department)
    publish(here, officer_user, planning_user, 30, territories=[comuna])
    other = make_department("Secretaría de Salud", code="salud")
    elsewhere = make_plan_tree(other, code="2")
    publish(elsewhere, make_user_for(other), planning_user, 90)

    html = client.get(f"/plan/?territorio={comuna.pk}").text
    assert "30 %" in html and "90 %" not in html
    assert client.get("/plan/").text.count("%") > html.count("%")
    # The line with nothing reported in the comuna says so, without the city's figures.
    line = client.get(f"/plan/linea/2/?territorio={comuna.pk}").text
    assert "sin reporte" in line and "90 %" not in line
    program = client.get(f"/plan/programa/1.1.1/?territorio={comuna.pk}").text
    assert here.project.name in program
    # A territory with nothing reported: "sin reporte", not an error.
    empty = Territory.objects.create(name="Comuna 5", kind="comuna")
    response = client.get(f"/plan/?territorio={empty.pk}")
    assert response.status_code == 200
    assert "Sin reporte: ningún corte aprobado" in response.text


def make_user_for(department):
    from rinde.accounts.models import Role
    from rinde.accounts.tests.factories import make_user

    return make_user(Role.OFFICER, departments=[department])


def test_the_officer_types_a_cut_and_sends_it(staff_client, officer_user, entity, indicator):
    client = staff_client(officer_user)
    response = client.post(
        "/panel/plan/", {"department": indicator.project.department.pk, "period": "2023-12"}
    )
    report = ProgressReport.objects.get()
    assert response["Location"] == f"/panel/plan/cortes/{report.pk}/"
    prefix = f"p{indicator.project.pk}"
    data = {
        f"i{indicator.pk}": "12,5",
        f"{prefix}-appropriation": "1000000",
        f"{prefix}-commitments": "2000000",
        f"{prefix}-obligations": "0",
        f"{prefix}-payments": "0",
        "submit": "1",
    }
    response = client.post(f"/panel/plan/cortes/{report.pk}/", data)
    assert response.status_code == 400
    assert "Compromisos: $ 2.000.000 superan la apropiación ($ 1.000.000)" in response.text
    assert 'value="12,5"' in response.text  # what was typed stays
    data[f"{prefix}-commitments"] = "500000"
    data[f"i{indicator.pk}"] = "doce"
    assert "no es un número" in client.post(f"/panel/plan/cortes/{report.pk}/", data).text
    for too_big_or_precise in ("1" + "0" * 13, "1,23456"):
        data[f"i{indicator.pk}"] = too_big_or_precise
        response = client.post(f"/panel/plan/cortes/{report.pk}/", data)
        assert response.status_code == 400
        assert "tiene más de 4 decimales o es demasiado grande" in response.text
        assert not report.indicator_values.exists()
    data[f"i{indicator.pk}"] = "12,5"
    response = client.post(f"/panel/plan/cortes/{report.pk}/", data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.indicator_values.get().value == Decimal("12.5")


def test_an_officer_cannot_open_another_departments_cut(
    staff_client, officer_user, planning_user, entity, other_department
):
    indicator = make_plan_tree(other_department, code="9")
    plan = indicator.project.program.component.line.plan
    from rinde.plan import services

    report = services.start_report(
        plan=plan, department=other_department, period=date(2023, 12, 1), actor=planning_user
    )
    assert staff_client(officer_user).get(f"/panel/plan/cortes/{report.pk}/").status_code == 404


def test_only_planning_reviews(staff_client, officer_user, planning_user, entity, indicator):
    from rinde.plan import services

    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan,
        department=indicator.project.department,
        period=date(2023, 12, 1),
        actor=officer_user,
    )
    services.save_report(report, actor=officer_user, values={indicator.pk: Decimal(1)}, finances={})
    services.submit_report(report, actor=officer_user)
    assert (
        staff_client(officer_user)
        .post(f"/panel/plan/cortes/{report.pk}/revisar/", {"decision": "approve"})
        .status_code
        == 403
    )
    client = staff_client(planning_user)
    assert (
        client.post(f"/panel/plan/cortes/{report.pk}/revisar/", {"decision": "approve"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED


def test_staff_pages_need_the_role(client, staff_client, communications_user, entity):
    assert client.get("/panel/plan/").status_code == 302
    assert staff_client(communications_user).get("/panel/plan/").status_code == 403


def test_public_plan_pages_name_each_level_as_the_plan_does(
    client, entity, indicator, officer_user, planning_user
):
    """A plan imported with its own level names (Eje, Sector, Subprograma, Meta de
    producto) shows them on its public pages, not Rinde's defaults."""
    plan = indicator.project.plan
    plan.level_names = {
        "line": "Eje",
        "component": "Sector",
        "program": "Programa MGA",
        "project": "Subprograma",
        "indicator": "Meta de producto",
    }
    plan.save()
    publish(indicator, officer_user, planning_user, 45)
    overview = client.get("/plan/").text
    assert ">Eje</th>" in overview
    assert "Avance por eje" in overview
    line = client.get("/plan/linea/1/").text
    assert ">Programa MGA</th>" in line
    program = client.get(f"/plan/programa/{indicator.project.program.code}/").text
    assert "Sector: " in program
    assert ">Subprograma</th>" in program
    project = client.get(f"/plan/proyecto/{indicator.project.code}/").text
    assert "<dt>Programa MGA</dt>" in project
    assert ">Meta de producto</th>" in project
