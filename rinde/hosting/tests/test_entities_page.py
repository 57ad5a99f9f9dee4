"""/entidades/ (issue 19, item 4): each entity's published figures, computed from its own
rows by their entity key and stored, so the page reads one table whatever the number of
entities."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.entity import scoping
from rinde.entity.models import Department, Domain, Entity
from rinde.entity.tests.factories import make_entity
from rinde.evaluation.models import EvaluationReport
from rinde.exercises.models import Exercise
from rinde.exercises.tests.factories import make_exercise, make_hearing
from rinde.hosting import figures
from rinde.hosting.models import EntityFigures
from rinde.plan.models import Plan, PlanFigures, ProgressReport, ReportState
from rinde.questions.models import Question, Status
from rinde.questions.tests.factories import make_question

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=BOGOTA)


def _entity_with_a_process(name, municipality, departamento, *, questions, answered):
    """An entity with a published 2026 exercise holding `questions` public questions, the
    first `answered` of them answered within their term, its hearing held, its evaluation
    report published and a plan whose latest published cut stands at 42 %."""
    entity = make_entity(name=name, municipality=municipality, departamento=departamento)
    with scoping.activate(entity):
        exercise = make_exercise(
            2026, entity=entity, slug="2026", title=f"Rendición 2026 de {municipality}"
        )
        for n in range(questions):
            make_question(exercise, text=f"¿Qué pasó con la obra {n} de {municipality}?")
        answered_pks = Question.objects.filter(exercise=exercise).order_by("pk")[:answered]
        Question.objects.filter(pk__in=list(answered_pks.values_list("pk", flat=True))).update(
            status=Status.ANSWERED, answered_on=F("current_due_on")
        )
        make_hearing(exercise, NOW - timedelta(days=5))
        author = make_user(Role.PLANNING, username=f"planeacion-{municipality.lower()}")
        EvaluationReport.objects.create(
            exercise=exercise,
            state=EvaluationReport.State.PUBLISHED,
            created_by=author,
            published_at=NOW - timedelta(days=1),
        )
        plan = Plan.objects.create(
            entity=entity,
            name=f"{municipality} avanza",
            start_year=2024,
            end_year=2027,
            is_current=True,
        )
        department = Department.objects.create(
            entity=entity, name="Secretaría de Planeación", code="planeacion"
        )
        ProgressReport.objects.create(
            plan=plan,
            department=department,
            period=date(2026, 9, 1),
            state=ReportState.APPROVED,
            created_by=author,
            approved_at=NOW,
        )
        PlanFigures.objects.create(
            plan=plan, period=date(2026, 9, 1), scope="plan", progress=Decimal("0.42")
        )
    return entity


@pytest.fixture
def two_entities():
    a = _entity_with_a_process(
        "Alcaldía de San Jerónimo", "San Jerónimo", "Antioquia", questions=4, answered=3
    )
    b = make_entity(name="Alcaldía de Tenjo", municipality="Tenjo", departamento="Cundinamarca")
    return a, b


def test_each_entity_gets_its_own_figures_and_none_of_the_others(two_entities):
    a, b = two_entities
    assert figures.refresh(NOW) == 2
    mine = EntityFigures.objects.get(entity=a)
    assert (mine.questions_received, mine.questions_answered, mine.questions_on_time) == (4, 3, 3)
    assert mine.on_time_share == 100
    assert mine.exercise_title == "Rendición 2026 de San Jerónimo"
    assert mine.hearing_on == date(2026, 12, 1)
    assert mine.evaluation_published_on == date(2026, 12, 5)
    assert (mine.plan_name, mine.plan_percent, mine.plan_period) == (
        "San Jerónimo avanza",
        42,
        date(2026, 9, 1),
    )
    # Tenjo has published nothing: none of San Jerónimo's rows count for it.
    theirs = EntityFigures.objects.get(entity=b)
    assert (theirs.questions_received, theirs.exercise_title, theirs.plan_name) == (0, "", "")
    assert theirs.hearing_on is None and theirs.plan_progress is None
    assert theirs.on_time_share is None


def test_a_hearing_still_to_come_and_an_unpublished_exercise_do_not_count(two_entities):
    a, b = two_entities
    with scoping.activate(b):
        draft = make_exercise(2026, entity=b, slug="2026", title="Borrador", is_published=False)
        make_question(draft)
    with scoping.activate(a):
        Exercise.objects.update(year=2026)
    figures.refresh(NOW - timedelta(days=10))  # before San Jerónimo's hearing
    assert EntityFigures.objects.get(entity=a).hearing_on is None
    assert EntityFigures.objects.get(entity=b).questions_received == 0


def test_refreshing_again_updates_the_stored_row(two_entities):
    a, _b = two_entities
    figures.refresh(NOW)
    with scoping.activate(a):
        Question.objects.filter(status=Status.ANSWERED).update(
            answered_on=F("current_due_on") + timedelta(days=1)
        )
    call_command("refresh_entity_figures", stdout=open("/dev/null", "w"))  # noqa: SIM115
    row = EntityFigures.objects.get(entity=a)
    assert (row.questions_on_time, row.on_time_share) == (0, 0)
    assert EntityFigures.objects.count() == 2


def test_the_page_shows_each_entity_with_its_link(two_entities, settings):
    settings.ALLOWED_HOSTS = ["rinde.sanjeronimo.example.org", "testserver"]
    a, b = two_entities
    Domain.objects.create(entity=a, host="rinde.sanjeronimo.example.org", is_primary=True)
    figures.refresh(NOW)
    page = Client().get("/entidades/", HTTP_HOST="rinde.sanjeronimo.example.org")
    assert page.status_code == 200
    html = page.text
    assert 'href="http://rinde.sanjeronimo.example.org/"' in html
    assert f'href="/e/{b.slug}/"' in html
    assert "100 %" in html and "42 %" in html
    assert "Realizada el 1 de diciembre de 2026" in html
    assert html.index("Alcaldía de San Jerónimo") < html.index("Alcaldía de Tenjo")


def test_the_host_page_answers_at_an_address_no_entity_has(two_entities, settings):
    settings.ALLOWED_HOSTS = ["rinde.sanjeronimo.example.org", "testserver"]
    a, _b = two_entities
    Domain.objects.create(entity=a, host="rinde.sanjeronimo.example.org", is_primary=True)
    figures.refresh(NOW)
    assert Client().get("/", HTTP_HOST="testserver").status_code == 404
    assert Client().get("/entidades/", HTTP_HOST="testserver").status_code == 200


def test_filters_by_words_and_departamento(two_entities):
    figures.refresh(NOW)
    by_words = Client().get("/entidades/", {"q": "jeronimo"}).text
    assert "Alcaldía de San Jerónimo</a>" in by_words and "Alcaldía de Tenjo</a>" not in by_words
    by_place = Client().get("/entidades/", {"departamento": "Cundinamarca"}).text
    assert "Alcaldía de Tenjo</a>" in by_place
    assert "Alcaldía de San Jerónimo</a>" not in by_place
    nothing = Client().get("/entidades/", {"q": "Cartagena"}).text
    assert "Ninguna entidad" in nothing and "Vea todas las entidades" in nothing
    odd = Client().get("/entidades/", {"departamento": "Atlántida", "pagina": "x"})
    assert odd.status_code == 200


def test_a_suspended_entity_is_not_listed(two_entities):
    _a, b = two_entities
    figures.refresh(NOW)
    Entity.objects.filter(pk=b.pk).update(is_active=False)
    assert "Alcaldía de Tenjo</a>" not in Client().get("/entidades/").text


def test_the_page_takes_the_same_queries_with_two_entities_or_sixty(
    two_entities, django_assert_num_queries
):
    figures.refresh(NOW)
    client = Client()
    client.get("/entidades/")  # the site's own cached lookups, warmed
    # Each measured address is asked for the first time: the whole-page cache is not what
    # is measured.
    with CaptureQueriesContext(connection) as few:
        assert "2 entidades" in client.get("/entidades/?q=alcald").text
    # The departamentos of the filter, the count, the page's rows and their domains.
    assert len(few.captured_queries) == 4
    for n in range(58):
        entity = make_entity(name=f"Alcaldía número {n}", departamento="Boyacá")
        Domain.objects.create(entity=entity, host=f"e{n}.example.org", is_primary=True)
    figures.refresh(NOW)
    client.get("/entidades/?q=x")  # the lookups the new rows dropped, warmed again
    with django_assert_num_queries(4):
        page = client.get("/entidades/?q=alcaldi")
    assert "60 entidades" in page.text and "Página 1 de 2" in page.text
