"""A blocked connection is blocked by one entity's moderators, for that entity's projects
(docs/tenancy.md): the block's row carries its entity."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rinde.accounts import memberships
from rinde.accounts.models import Role
from rinde.entity import scoping
from rinde.entity.tests.factories import make_department, make_entity
from rinde.fieldwork import services
from rinde.fieldwork.models import BlockedCommenter
from rinde.fieldwork.tests.factories import make_comment, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_entities():
    return make_entity(name="Alcaldía de Uno"), make_entity(name="Alcaldía de Dos")


def test_two_entities_each_block_the_same_connection(two_entities):
    a, b = two_entities
    BlockedCommenter.objects.create(entity=a, author_key="k" * 64, reason="Spam.")
    BlockedCommenter.objects.create(entity=b, author_key="k" * 64, reason="Spam.")
    with pytest.raises(IntegrityError), transaction.atomic():
        BlockedCommenter.objects.create(entity=a, author_key="k" * 64, reason="Otra vez.")


def test_a_block_made_while_an_entity_is_active_belongs_to_it(two_entities):
    _a, b = two_entities
    with scoping.activate(b):
        block = BlockedCommenter.objects.create(author_key="k" * 64, reason="Spam.")
    assert block.entity == b


def test_a_block_holds_at_its_own_entity_only(two_entities, communications_user):
    a, b = two_entities
    project = make_project(make_department())
    comment = make_comment(project, ip="10.7.7.7")
    for entity in (a, b):  # a moderator of both
        memberships.grant(communications_user, entity, Role.COMMUNICATIONS)
    with scoping.activate(a):
        services.block_author(comment, actor=communications_user, reason="Spam repetido.")
    with scoping.activate(b):
        services.block_author(comment, actor=communications_user, reason="Spam repetido.")
        services.block_author(comment, actor=communications_user, reason="Otra vez.")
    assert sorted(BlockedCommenter.objects.across_entities().values_list("entity", flat=True)) == [
        a.pk,
        b.pk,
    ]

    BlockedCommenter.objects.across_entities().filter(entity=b).delete()
    with pytest.raises(ValidationError, match="bloqueó"):
        make_comment(project, ip="10.7.7.7")
    # The same connection may still comment on the other entity's projects.
    theirs = make_project(make_department("Secretaría de Obras", entity=b), code="9")
    assert make_comment(theirs, ip="10.7.7.7").pk
