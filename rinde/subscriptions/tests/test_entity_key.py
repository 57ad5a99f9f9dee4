"""Subscriptions and notifications carry their entity (docs/tenancy.md): "bulletins" is
every entity's target, so an address follows it once per entity, and an entity's news
goes to its own subscribers only."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from rinde.core.antispam import sign_start
from rinde.entity import scoping
from rinde.entity.tests.factories import make_entity
from rinde.exercises.tests.factories import make_exercise
from rinde.outreach.models import Bulletin
from rinde.subscriptions import news, services
from rinde.subscriptions.models import Delivery, Notification, Subscription, Topic

pytestmark = pytest.mark.django_db
EMAIL = "ana@example.com"


@pytest.fixture
def two_entities():
    return make_entity(name="Alcaldía de Uno"), make_entity(name="Alcaldía de Dos")


def follow(entity, email=EMAIL, *, confirmed=True) -> Subscription:
    now = timezone.now()
    return Subscription.objects.create(
        entity=entity,
        email=email,
        topic=Topic.BULLETINS,
        target="bulletins",
        authorization_version="v1",
        authorized_at=now,
        requested_at=now,
        confirmed_at=now if confirmed else None,
    )


def test_two_entities_each_hold_the_same_address_and_target(two_entities):
    a, b = two_entities
    follow(a), follow(b)
    with pytest.raises(IntegrityError), transaction.atomic():
        follow(a)


def test_rows_made_while_an_entity_is_active_belong_to_it(two_entities):
    _a, b = two_entities
    with scoping.activate(b):
        notification = Notification.objects.create(
            key="bulletin:1", target="bulletins", title="T", path="/"
        )
        subscription = Subscription.objects.create(
            email="otro@example.com",
            topic=Topic.BULLETINS,
            target="bulletins",
            authorization_version="v1",
            authorized_at=timezone.now(),
            requested_at=timezone.now(),
        )
    assert (subscription.entity, notification.entity) == (b, b)


def test_subscribing_at_an_entity_is_apart_from_another_entity(two_entities):
    a, b = two_entities
    ours = follow(a, confirmed=False)
    with scoping.activate(b):
        theirs = services.subscribe(email=EMAIL, topic=Topic.BULLETINS, form_token=sign_start())
    with scoping.activate(a):
        again = services.subscribe(email=EMAIL, topic=Topic.BULLETINS, form_token=sign_start())
    assert theirs.entity == b and theirs.pk != ours.pk
    assert again.pk == ours.pk
    assert Subscription.objects.across_entities().count() == 2


def test_an_entity_bulletin_goes_to_its_own_subscribers_only(two_entities):
    a, b = two_entities
    follow(a, "uno@example.com")
    theirs = follow(b, "dos@example.com")
    bulletin = Bulletin.objects.create(
        entity=b,
        exercise=make_exercise(2023, entity=b),
        title="Audiencia",
        slug="audiencia",
        lead="El viernes.",
        body="<p>T</p>",
        published_at=timezone.now(),
    )
    with scoping.activate(b):
        [notification] = news.build("bulletin", bulletin.pk)
    assert notification.entity == b
    assert list(Delivery.objects.values_list("subscription", flat=True)) == [theirs.pk]
