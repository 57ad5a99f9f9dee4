"""The entity key on questions and their reports (docs/tenancy.md, steps 2 and 3): a
quarter's report, its PDF and the triage digest are once per entity; tracking codes stay
unique across the installation."""

import time
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from rinde.accounts import memberships
from rinde.accounts.models import Role
from rinde.core.antispam import sign_start
from rinde.entity import scoping
from rinde.entity.calendar import work_calendar
from rinde.entity.tests.factories import make_department, make_entity
from rinde.exercises.tests.factories import make_exercise
from rinde.questions import denials, digest, emails, quarterly, report_pdfs, tasks
from rinde.questions.models import (
    AccessDenial,
    DenialGround,
    DigestLog,
    QuarterlyReport,
    QuarterlyReportPdf,
    Question,
)
from rinde.questions.tests.factories import local, make_hearing, make_question

pytestmark = pytest.mark.django_db

Q3, Q4 = quarterly.Quarter(2023, 3), quarterly.Quarter(2023, 4)
TODAY = date(2024, 2, 1)


@pytest.fixture
def other_entity(entity):
    return make_entity(name="Alcaldía de Envigado")


@pytest.fixture
def exercise(entity):
    return make_exercise()


def test_two_entities_each_hold_the_same_quarter_and_triage_day(entity, other_entity):
    for owner in (entity, other_entity):
        QuarterlyReport.objects.create(entity=owner, year=2023, quarter=4, data={})
        QuarterlyReportPdf.objects.create(entity=owner, year=2023, quarter=4)
        DigestLog.objects.create(entity=owner, department=None, day=TODAY)
    assert QuarterlyReport.objects.across_entities().filter(year=2023, quarter=4).count() == 2
    assert QuarterlyReportPdf.objects.across_entities().filter(year=2023, quarter=4).count() == 2
    assert DigestLog.objects.across_entities().filter(department=None, day=TODAY).count() == 2
    # Within one entity, still once.
    for create in (
        lambda: QuarterlyReport.objects.create(entity=entity, year=2023, quarter=4, data={}),
        lambda: QuarterlyReportPdf.objects.create(entity=entity, year=2023, quarter=4),
        lambda: DigestLog.objects.create(entity=entity, department=None, day=TODAY),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            create()


def test_tracking_codes_stay_unique_across_entities(exercise, other_entity):
    # A code printed on a letter must find one question, at whatever address it is typed.
    first, second = make_question(exercise), make_question(exercise)
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.across_entities().filter(pk=second.pk).update(
            entity=other_entity, tracking_code=first.tracking_code
        )


def test_rows_made_while_an_entity_is_active_belong_to_it(entity, other_entity, exercise):
    with scoping.activate(other_entity):
        question = make_question(make_exercise(2024, entity=other_entity))
        report = QuarterlyReport.objects.create(year=2023, quarter=4, data={})
        log = DigestLog.objects.create(day=TODAY)
    assert question.entity == other_entity
    assert (
        Question.objects.across_entities().get(pk=question.pk).entity == other_entity
    )  # stored so
    assert report.entity == other_entity and log.entity == other_entity
    assert make_question(exercise).entity == entity  # none active: the installation's


@pytest.mark.django_db(transaction=True)
def test_a_live_post_files_the_question_under_the_requests_entity_in_its_one_insert(
    client, entity, exercise
):
    # A second entity: the request's is still the installation's first, while no Domain
    # row exists.
    make_entity(name="Alcaldía de Envigado")
    make_hearing(exercise)
    live = "/rendicion/2023/en-vivo/"
    payload = {"text": "¿Y el andén?", "website": "", "started": sign_start(time.time() - 30)}
    assert client.post(live, payload).status_code == 303
    payload["started"] = sign_start(time.time() - 30)
    with CaptureQueriesContext(connection) as captured:
        assert client.post(live, payload).status_code == 303
    statements = [
        q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("BEGIN", "COMMIT"))
    ]
    # Still the hearing and two INSERTs; the question's carries its entity.
    assert len(statements) == 3
    assert statements[2].startswith('INSERT INTO "questions_question"')
    assert '"entity_id"' in statements[2]
    assert set(Question.objects.across_entities().values_list("entity", flat=True)) == {entity.pk}


def test_a_quarter_is_archived_and_listed_once_per_entity(
    entity, other_entity, exercise, monkeypatch
):
    make_question(exercise, received_at=local(2023, 11, 2, 10))
    with scoping.activate(entity):
        calendar = work_calendar()
        quarterly.report(Q3, calendar, TODAY)
        quarterly.report(Q4, calendar, TODAY)
    with scoping.activate(other_entity):
        data, is_archived = quarterly.report(Q4, calendar, TODAY)
        assert is_archived
        assert quarterly.archived_quarters() == [Q4]
        assert quarterly.archived(Q4).entity == other_entity
    with scoping.activate(entity):
        assert quarterly.archived_quarters() == [Q4, Q3]
        assert quarterly.archived(Q4).entity == entity
    assert QuarterlyReport.objects.across_entities().filter(year=2023, quarter=4).count() == 2

    asked = []
    monkeypatch.setattr(
        tasks, "render_quarterly_pdf", SimpleNamespace(enqueue=lambda *a, **kw: asked.append(a))
    )
    with scoping.activate(entity):
        ours = report_pdfs.quarterly_report_pdf(Q4, data)
    with scoping.activate(other_entity):
        theirs = report_pdfs.quarterly_report_pdf(Q4, data)
    assert (ours.entity, theirs.entity) == (entity, other_entity)
    assert len(asked) == 2


def test_a_denial_takes_its_questions_entity(entity, other_entity, exercise, admin_user):
    question = make_question(make_exercise(2024, entity=other_entity))
    memberships.grant(admin_user, other_entity, Role.ADMIN)
    with scoping.activate(other_entity):
        denials.record_denial(
            question, actor=admin_user, ground=DenialGround.PRIVACY, partial=False, explanation=""
        )
    assert AccessDenial.objects.across_entities().get(question=question).entity == other_entity


def test_a_department_digest_log_takes_the_departments_entity(other_entity, monkeypatch):
    monkeypatch.setattr(emails, "send_digest", lambda *args, **kwargs: None)
    department = make_department(entity=other_entity)
    assert digest._send_once(department, {}, {"obras@example.org"}, TODAY, "/panel/") == 1
    assert DigestLog.objects.across_entities().get(department=department).entity == other_entity


def test_before_the_entity_exists_a_closed_quarter_is_shown_live_not_a_500(client, time_machine):
    time_machine.move_to("2024-05-02 10:00 -05:00")
    url = "/preguntas/informe-trimestral/"
    response = client.get(url, {"anio": 2024, "trimestre": 1})
    assert response.status_code == 200 and not response.context["is_archived"]
    assert client.get(f"{url}2024-T1.pdf").status_code == 503  # nothing to keep it for
    assert (
        not QuarterlyReport.objects.across_entities().exists()
        and not QuarterlyReportPdf.objects.across_entities().exists()
    )


def test_django_admin_files_a_denial_under_its_questions_entity(
    staff_client, admin_user, entity, other_entity, exercise
):
    theirs = make_question(make_exercise(2024, entity=other_entity))
    ours = make_question(exercise)
    client = staff_client(admin_user)
    add = "/panel/admin/questions/accessdenial/add/"
    # Another entity's question is not among the choices of the request's entity.
    refused = client.post(add, {"question": theirs.pk, "ground": DenialGround.RESERVED})
    assert refused.status_code == 200
    assert not AccessDenial.objects.across_entities().exists()
    response = client.post(add, {"question": ours.pk, "ground": DenialGround.RESERVED})
    assert response.status_code == 302
    assert AccessDenial.objects.across_entities().get(question=ours).entity == entity
