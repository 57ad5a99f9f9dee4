"""The entity key on invitations and daily to-do digests (docs/tenancy.md, steps 2 and 3)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from rinde.accounts import memberships, tasks, todo, todo_digest
from rinde.accounts.models import Invitation, Role, TodoDigest
from rinde.accounts.todo import Pending
from rinde.entity import scoping
from rinde.entity.tests.factories import make_entity

pytestmark = pytest.mark.django_db

TODAY = date(2024, 1, 10)


@pytest.fixture
def other_entity(entity):
    return make_entity(name="Alcaldía de Envigado")


def _invitation(**fields) -> Invitation:
    return Invitation.objects.create(
        email="ana@example.org",
        role=Role.PLANNING,
        nonce="n",
        expires_at=timezone.now() + timedelta(days=7),
        **fields,
    )


def test_two_entities_each_hold_a_digest_of_the_same_person_and_day(
    entity, other_entity, planning_user
):
    for owner in (entity, other_entity):
        TodoDigest.objects.create(entity=owner, user=planning_user, day=TODAY)
        _invitation(entity=owner)
    both = TodoDigest.objects.across_entities()
    assert both.filter(user=planning_user, day=TODAY).count() == 2
    assert Invitation.objects.across_entities().filter(email="ana@example.org").count() == 2
    # Once a day per person within one entity.
    with pytest.raises(IntegrityError), transaction.atomic():
        TodoDigest.objects.create(entity=entity, user=planning_user, day=TODAY)


def test_a_row_made_while_an_entity_is_active_belongs_to_it(entity, other_entity, planning_user):
    with scoping.activate(other_entity):
        invitation = _invitation()
        digest = TodoDigest.objects.create(user=planning_user, day=TODAY)
    assert invitation.entity == other_entity and digest.entity == other_entity
    assert _invitation().entity == entity  # none active: the installation's entity


def test_the_daily_digest_goes_once_a_day_per_person_and_entity(
    entity, other_entity, planning_user, monkeypatch
):
    pending = Pending(what="Clasificar", why="porque", url="/panel/", menu="questions:staff_board")
    monkeypatch.setattr(todo, "_providers", {"a": lambda user, day: [pending]})
    # A planner of both entities: each entity's list goes to its own members.
    memberships.grant(planning_user, other_entity, Role.PLANNING)
    with scoping.activate(entity):
        assert todo_digest.send_daily(TODAY) == 1
        assert todo_digest.send_daily(TODAY) == 0  # sent today for this entity
    with scoping.activate(other_entity):
        assert todo_digest.send_daily(TODAY) == 1  # the other entity's list is its own
        assert todo_digest.send_daily(TODAY) == 0
    assert len(mail.outbox) == 2
    assert set(TodoDigest.objects.across_entities().values_list("entity", flat=True)) == {
        entity.pk,
        other_entity.pk,
    }
    # The worker's task, with no entity active, sends each entity's list once a day.
    assert tasks.send_todo_digests.enqueue().return_value == 2
    assert tasks.send_todo_digests.enqueue().return_value == 0


def test_an_invitation_takes_the_entity_of_the_request(staff_client, admin_user, entity):
    other = make_entity(name="Alcaldía de Envigado")
    response = staff_client(admin_user).post(
        "/panel/personal/",
        {"email": "luis@example.org", "role": Role.PLANNING, "position": "Profesional"},
    )
    assert response.status_code == 302, response.context["form"].errors
    invitation = Invitation.objects.across_entities().get(email="luis@example.org")
    assert invitation.entity == entity != other
