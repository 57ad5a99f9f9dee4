"""The exercises in the staff to-do list: legal duties, veeduría reports, MURC actions."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rinde.exercises import services, todo
from rinde.exercises.models import (
    Action,
    Document,
    DocumentKind,
    OversightCommittee,
    StageKind,
)
from rinde.exercises.tests.factories import make_exercise, make_hearing

pytestmark = pytest.mark.django_db


def _stage(exercise, kind=StageKind.PREPARATION):
    return next(s for s in services.ensure_stages(exercise) if s.kind == kind)


def _action(exercise, department, due_on, **fields):
    return Action.objects.create(
        stage=_stage(exercise),
        description="Publicar la convocatoria",
        element="information",
        department=department,
        due_on=due_on,
        **fields,
    )


def _report(exercise, title="Informe de la veeduría", **fields):
    return Document.objects.create(
        exercise=exercise,
        kind=DocumentKind.OVERSIGHT_REPORT,
        title=title,
        date=date(2023, 12, 1),
        file="x.pdf",
        summary="s",
        sha256="a" * 64,
        **fields,
    )


def test_planning_sees_the_legal_duties_coming_due(entity, planning_user, officer_user):
    # 25 January 2023: the strategy is due on the 31st (legal_calendar) and not published.
    exercise = make_exercise(2023)
    today = date(2023, 1, 25)
    items = todo.pending_for(planning_user, today)
    strategy = [i for i in items if i.what.startswith("Publicar la estrategia")]
    assert [(i.due_on, i.url) for i in strategy] == [
        (date(2023, 1, 31), f"/panel/rendicion/{exercise.slug}/")
    ]
    assert strategy[0].why.startswith("Fundamento: Ley 1757 de 2015 art. 52")
    assert not any(
        i.what.startswith("Publicar la estrategia") for i in todo.pending_for(officer_user, today)
    )


def test_unpublished_oversight_reports_wait_for_planning_and_communications(
    entity, planning_user, communications_user, officer_user
):
    exercise = make_exercise(2023)
    committee = OversightCommittee.objects.create(name="Veeduría de Obras")
    _report(exercise, committee=committee)
    _report(exercise, title="Ya publicado", published_at=timezone.now())
    today = date(2023, 3, 1)
    for user in (planning_user, communications_user):
        reports = [i.what for i in todo.pending_for(user, today) if "veeduría" in i.what]
        assert reports == ["Publicar el informe de veeduría «Informe de la veeduría» (2023)"]
    assert todo.pending_for(officer_user, today) == []


def test_an_officer_sees_only_their_departments_actions_coming_due(
    entity, officer_user, department, other_department
):
    exercise = make_exercise(2023)
    today = date(2023, 6, 1)
    _action(exercise, department, today + timedelta(days=3))
    _action(exercise, department, today - timedelta(days=2))
    _action(exercise, department, today + timedelta(days=60))  # not yet
    _action(exercise, department, today, status="done")
    _action(exercise, other_department, today)
    items = todo.pending_for(officer_user, today)
    assert [(i.what, i.due_on, i.count) for i in items] == [
        (
            f"Cumplir 2 acciones del MURC de {department.name} (2023)",
            today - timedelta(days=2),
            2,
        )
    ]


def test_the_query_count_does_not_grow_with_the_exercises(
    entity, planning_user, department, other_department
):
    today = date(2023, 11, 1)
    first = make_exercise(2023)
    make_hearing(first)
    _action(first, department, today)
    todo.pending_for(planning_user, today)  # warms the business-day calendar cache
    with CaptureQueriesContext(connection) as few:
        todo.pending_for(planning_user, today)
    for slug in ("2023-infancia", "2023-salud"):
        other = make_exercise(2023, slug=slug)
        make_hearing(other)
        _action(other, department, today)
        _action(other, other_department, today)
        _report(other)
    with CaptureQueriesContext(connection) as many:
        assert len(todo.pending_for(planning_user, today)) > 5
    assert len(many) == len(few)
