"""What an entity says of an item of the Transparencia menu is its own (docs/tenancy.md):
the item's number is unique within an entity."""

import pytest
from django.db import IntegrityError, transaction

from rinde.accounts import memberships
from rinde.accounts.models import Role
from rinde.entity import scoping
from rinde.entity.tests.factories import make_entity
from rinde.transparency import services
from rinde.transparency.models import ItemSetting, Setting

pytestmark = pytest.mark.django_db

NOT_APPLICABLE = {"setting": Setting.NOT_APPLICABLE, "url": "", "label": ""}


@pytest.fixture
def two_entities():
    return make_entity(name="Alcaldía de Uno"), make_entity(name="Alcaldía de Dos")


def test_two_entities_each_hold_the_same_item(two_entities):
    a, b = two_entities
    for entity in (a, b):
        ItemSetting.objects.create(
            entity=entity, number="10.1", reason="No aplica.", **NOT_APPLICABLE
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemSetting.objects.create(entity=a, number="10.1", reason="Otra.", **NOT_APPLICABLE)


def test_a_setting_made_while_an_entity_is_active_belongs_to_it(two_entities, admin_user):
    _a, b = two_entities
    with scoping.activate(b):
        setting = services.save_setting(
            number="10.1", reason="No recauda.", actor=admin_user, **NOT_APPLICABLE
        )
    assert setting.entity == b


def test_saving_an_item_changes_the_entity_own_setting_only(two_entities, admin_user):
    a, b = two_entities
    ours = ItemSetting.objects.create(
        entity=a, number="10.1", reason="La de uno.", **NOT_APPLICABLE
    )
    with scoping.activate(b):
        theirs = services.save_setting(
            number="10.1", reason="La de dos.", actor=admin_user, **NOT_APPLICABLE
        )
        again = services.save_setting(
            number="10.1", reason="La de dos, corregida.", actor=admin_user, **NOT_APPLICABLE
        )
    assert theirs.pk == again.pk != ours.pk
    ours.refresh_from_db()
    assert ours.reason == "La de uno."
    assert ItemSetting.objects.across_entities().get(entity=b).reason == "La de dos, corregida."


def test_the_panel_edits_and_clears_the_request_entity_setting(
    staff_client, admin_user, two_entities
):
    a, b = two_entities
    ItemSetting.objects.create(entity=a, number="10.1", reason="La de uno.", **NOT_APPLICABLE)
    memberships.grant(admin_user, b, Role.ADMIN)
    staff = staff_client(admin_user)
    response = staff.post(
        f"/e/{b.slug}/panel/transparencia/10.1/",
        {"setting": Setting.NOT_APPLICABLE, "reason": "La de dos.", "url": ""},
    )
    assert response.status_code == 302
    assert ItemSetting.objects.across_entities().get(entity=b).reason == "La de dos."
    assert "La de dos." in staff.get(f"/e/{b.slug}/panel/transparencia/10.1/").text
    staff.post(f"/e/{b.slug}/panel/transparencia/10.1/quitar/")
    assert list(ItemSetting.objects.across_entities().values_list("entity", "reason")) == [
        (a.pk, "La de uno.")
    ]
