"""The entity key on data holders' requests and access links (docs/tenancy.md, steps 2
and 3). Tracking codes and link nonces stay unique across the installation: a code in an
e-mail and a signed link each find one row, whatever the address they are used at."""

import pytest
from django.db import IntegrityError, transaction

from rinde.entity import scoping
from rinde.entity.tests.factories import make_entity
from rinde.holders import access, services
from rinde.holders.models import AccessLink, HolderRequest, RequestKind

pytestmark = pytest.mark.django_db

EMAIL = "ana.perez@example.org"


@pytest.fixture
def other_entity(entity):
    return make_entity(name="Alcaldía de Envigado")


def test_two_entities_each_hold_a_request_and_a_link_for_the_same_person(entity, other_entity):
    requests = []
    for owner in (entity, other_entity):
        with scoping.activate(owner):
            requests.append(services.file_request(email=EMAIL, kind=RequestKind.CONSULTATION))
        AccessLink.objects.create(entity=owner, nonce=f"n{owner.pk}", email=EMAIL)
    assert [r.entity for r in requests] == [entity, other_entity]
    assert AccessLink.objects.across_entities().filter(email=EMAIL).count() == 2
    # Codes and nonces stay unique across entities.
    with pytest.raises(IntegrityError), transaction.atomic():
        HolderRequest.objects.across_entities().filter(pk=requests[1].pk).update(
            tracking_code=requests[0].tracking_code
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLink.objects.create(entity=other_entity, nonce=f"n{entity.pk}", email=EMAIL)


def test_rows_made_while_an_entity_is_active_belong_to_it(entity, other_entity):
    with scoping.activate(other_entity):
        link = access.create_link(EMAIL)
        holder_request = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    assert link.entity == other_entity and holder_request.entity == other_entity
    assert AccessLink.objects.across_entities().get(pk=link.pk).entity == other_entity
    with scoping.activate(entity):
        assert services.file_request(email=EMAIL, kind=RequestKind.DELETION).entity == entity
