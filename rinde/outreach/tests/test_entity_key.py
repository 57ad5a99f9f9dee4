"""The entity key on outreach's models (docs/tenancy.md, steps 2 and 3): each entity has its
own channels, audiences, media directory, media lists and bulletin addresses under the same
natural keys; a new row takes the active entity; a send's deliveries take the bulletin's;
a duplicate typed in the panel gets a Spanish message, not an error page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from rinde.entity import scoping
from rinde.entity.models import Entity
from rinde.entity.tests.factories import make_entity
from rinde.outreach import bulletins, defaults
from rinde.outreach.models import (
    Audience,
    Bulletin,
    Channel,
    Delivery,
    MediaContact,
    MediaList,
)


@pytest.fixture
def other_entity(entity):
    return make_entity(name="Alcaldía de Envigado", short_name="Envigado")


def make_contact(owner, email="prensa@sur.example", outlet="Emisora Sur"):
    return MediaContact.objects.create(
        entity=owner, outlet=outlet, scope="local", medium="radio", email=email
    )


@pytest.mark.django_db
def test_two_entities_each_hold_the_same_names_e_mails_and_bulletin_address(entity, other_entity):
    for owner in (entity, other_entity):
        make_contact(owner)
        MediaList.objects.create(entity=owner, name="Medios locales")
        Bulletin.objects.create(entity=owner, title="B", slug="audiencia", lead="L", body="T")
    assert MediaContact.objects.across_entities().filter(email="prensa@sur.example").count() == 2
    assert MediaList.objects.across_entities().filter(name="Medios locales").count() == 2
    assert Bulletin.objects.across_entities().filter(slug="audiencia").count() == 2
    # Each was given the default channels and audiences when it was created.
    for model, name in ((Channel, "Volantes"), (Audience, "Adultos mayores")):
        owners = model.objects.across_entities().filter(name=name).values_list("entity", flat=True)
        assert sorted(owners) == [entity.pk, other_entity.pk]
    assert Channel.objects.across_entities().filter(entity=other_entity).count() == len(
        defaults.CHANNELS
    )


@pytest.mark.django_db
def test_within_one_entity_the_natural_keys_stay_unique(entity):
    make_contact(entity)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contact(entity, outlet="Otra")
    with pytest.raises(IntegrityError), transaction.atomic():
        Channel.objects.create(entity=entity, name="Volantes")
    defaults.give_default_lists(entity)  # again: nothing is added twice
    assert Audience.objects.across_entities().filter(entity=entity).count() == len(
        defaults.AUDIENCES
    )


@pytest.mark.django_db
def test_a_row_created_with_an_entity_active_belongs_to_it(entity, other_entity):
    with scoping.activate(other_entity):
        rows = [
            Channel.objects.create(name="Perifoneo"),
            Audience.objects.create(name="Comerciantes"),
            MediaContact.objects.create(
                outlet="Emisora", scope="local", medium="radio", email="a@medio.example"
            ),
            MediaList.objects.create(name="Radio"),
            Bulletin.objects.create(title="B", slug="b", lead="L", body="T"),
        ]
    assert {row.entity for row in rows} == {other_entity}


@pytest.mark.django_db
def test_a_send_s_deliveries_take_the_bulletin_s_entity_without_a_query_per_contact(
    entity, other_entity, communications_user
):
    bulletin = Bulletin.objects.create(entity=entity, title="B", slug="b", lead="L", body="T")
    first, few, many = (
        MediaList.objects.create(entity=entity, name=name) for name in ("1", "Pocos", "Muchos")
    )
    with scoping.activate(entity):
        first.contacts.set([make_contact(entity, email="primero@medio.example")])
        few.contacts.set([make_contact(entity, email="uno@medio.example")])
        many.contacts.set([make_contact(entity, email=f"m{n}@medio.example") for n in range(5)])

    def queries_to_queue(media_list):
        with CaptureQueriesContext(connection) as queries, scoping.activate(entity):
            bulletins.queue_sending(bulletin, lists=[media_list], actor=communications_user)
        return len(queries)

    queries_to_queue(first)  # the content type for the audit entry, read once
    assert queries_to_queue(few) == queries_to_queue(many)
    assert Delivery.objects.across_entities().count() == 7
    assert set(Delivery.objects.across_entities().values_list("entity", flat=True)) == {entity.pk}


@pytest.mark.django_db
def test_a_repeated_media_list_name_gets_a_spanish_message_and_another_entity_s_does_not_count(
    staff_client, communications_user, entity, other_entity
):
    MediaList.objects.create(entity=other_entity, name="Medios locales")
    client = staff_client(communications_user)
    created = client.post("/panel/difusion/listas/", {"name": "Medios locales"})
    assert created.status_code == 302
    repeated = client.post("/panel/difusion/listas/", {"name": "Medios locales"})
    assert repeated.status_code == 400
    assert "Ya hay una lista de medios con ese nombre." in repeated.text
    renamed = client.post(
        f"/panel/difusion/listas/{MediaList.objects.across_entities().get(entity=entity).pk}/",
        {"action": "guardar", "name": "Medios locales", "description": "La misma"},
    )
    assert renamed.status_code == 302  # its own name is no duplicate


@pytest.mark.django_db
def test_a_repeated_bulletin_address_gets_a_spanish_message_and_another_entity_s_does_not_count(
    staff_client, communications_user, entity, other_entity
):
    Bulletin.objects.create(entity=other_entity, title="B", slug="audiencia", lead="L", body="T")
    client = staff_client(communications_user)
    data = {"title": "Audiencia", "slug": "audiencia", "lead": "Entradilla", "body": "<p>T</p>"}
    assert client.post("/panel/difusion/boletines/nuevo/", data).status_code == 302
    repeated = client.post("/panel/difusion/boletines/nuevo/", data)
    assert repeated.status_code == 400
    assert "Ya hay un boletín con esa dirección: escriba otra." in repeated.text
    mine = Bulletin.objects.across_entities().get(entity=entity)
    edited = client.post(f"/panel/difusion/boletines/{mine.pk}/", {**data, "title": "Otro"})
    assert edited.status_code == 302


@pytest.mark.django_db
def test_the_directory_import_checks_e_mails_against_the_entity_s_own_directory(
    staff_client, communications_user, entity, other_entity
):
    make_contact(other_entity, email="prensa@sur.example")
    make_contact(entity, email="ya@medio.example")
    client = staff_client(communications_user)

    def upload(text):
        return client.post(
            "/panel/difusion/medios/",
            {"file": SimpleUploadedFile("medios.csv", text.encode(), "text/csv")},
        )

    repeated = upload("medio;alcance;tipo;correo\nYa;local;radio;ya@medio.example\n")
    assert repeated.status_code == 400
    assert "El correo ya@medio.example ya está en el directorio." in repeated.text
    response = upload("medio;alcance;tipo;correo\nEmisora Sur;local;radio;prensa@sur.example\n")
    assert response.status_code == 200
    client.post(
        "/panel/difusion/medios/", {"confirm": "1", "preview": response.context["preview_key"]}
    )
    assert MediaContact.objects.across_entities().get(
        entity=entity, email="prensa@sur.example"
    ).outlet == ("Emisora Sur")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


BEFORE = [("outreach", "0007_delivery_retries")]
AFTER = [("outreach", "0010_entity_key_required")]


@pytest.mark.django_db(transaction=True)
def test_migrating_drops_the_seed_of_an_install_not_set_up_and_files_the_rest():
    """Run the real migrations: a fresh install's seeded channels would otherwise make a
    placeholder entity, and the install would look set up (entity.first_run)."""
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        old.get_model("outreach", "Channel").objects.create(name="Volantes", order=1)
        old.get_model("outreach", "Audience").objects.create(name="Adultos mayores", order=1)
        old.get_model("outreach", "MediaContact").objects.create(
            outlet="Emisora", scope="local", medium="radio", email="a@medio.example"
        )
    finally:
        _migrate(AFTER)
    assert (
        not Channel.objects.across_entities().exists()
        and not Audience.objects.across_entities().exists()
    )
    # A contact typed before the set-up is kept, under the placeholder entity.
    assert MediaContact.objects.across_entities().get().entity.name == "Entidad sin configurar"


@pytest.mark.django_db(transaction=True)
def test_migrating_files_every_row_of_a_set_up_install_under_its_entity():
    entity = make_entity()
    Channel.objects.across_entities().all().delete()
    Audience.objects.across_entities().all().delete()
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        old.get_model("outreach", "Channel").objects.create(name="Volantes", order=1)
        old.get_model("outreach", "MediaList").objects.create(name="Locales")
        old.get_model("outreach", "Bulletin").objects.create(
            title="B", slug="b", lead="L", body="T"
        )
    finally:
        _migrate(AFTER)
    assert Entity.objects.get() == entity
    for model in (Channel, MediaList, Bulletin):
        assert model.objects.get().entity == entity


@pytest.mark.django_db
def test_django_admin_refuses_a_repeated_name_or_e_mail_in_spanish(
    staff_client, admin_user, entity, other_entity
):
    make_contact(other_entity)
    client = staff_client(admin_user)
    contact = {
        "outlet": "Emisora Sur",
        "scope": "local",
        "medium": "radio",
        "email": "prensa@sur.example",
    }
    url = "/panel/admin/outreach/mediacontact/add/"
    assert client.post(url, contact).status_code == 302  # the other entity's is no bar
    repeated = client.post(url, contact)
    assert repeated.status_code == 200
    assert "Ese correo ya está en el directorio." in repeated.text
    channel = client.post("/panel/admin/outreach/channel/add/", {"name": "Volantes", "order": 1})
    assert channel.status_code == 200
    assert "Ya existe en la lista de la entidad." in channel.text


@pytest.mark.django_db
def test_before_the_entity_is_set_up_a_media_list_is_refused_in_spanish(
    staff_client, communications_user
):
    """No entity to file it under: a message, not the database's refusal (a 500)."""
    response = staff_client(communications_user).post(
        "/panel/difusion/listas/", {"name": "Medios locales"}
    )
    assert response.status_code == 400
    assert "Registre primero los datos de la entidad." in response.text
    assert not MediaList.objects.across_entities().exists()
