"""Staff belong to entities, with a role in each (docs/tenancy.md, "Memberships"): what a
person may do is their membership in the request's entity, never their account's role."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from rinde.accounts import memberships, permissions
from rinde.accounts.models import Membership, Role, User
from rinde.accounts.tests.factories import login_verified, make_user
from rinde.core.models import AuditEntry
from rinde.entity import scoping
from rinde.entity.tests.factories import make_department, make_entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenjo(db):
    return make_entity(name="Alcaldía de Tenjo", municipality="Tenjo", slug="tenjo")


@pytest.fixture
def san_jeronimo(tenjo):
    return make_entity(
        name="Alcaldía de San Jerónimo", municipality="San Jerónimo", slug="san-jeronimo"
    )


def test_a_staff_member_of_one_entity_is_refused_in_the_others_panel_and_it_is_recorded(
    client, tenjo, san_jeronimo
):
    person = make_user(Role.ADMIN, username="admin-tenjo", entity=tenjo)
    login_verified(client, person)
    assert client.get("/e/tenjo/panel/personal/").status_code == 200

    for path in ("/e/san-jeronimo/panel/", "/e/san-jeronimo/panel/personal/"):
        response = client.get(path)
        assert response.status_code == 403
        assert "No tiene permiso para ver esta página" in response.text
    entries = AuditEntry.objects.filter(action="security.access_denied")
    assert [e.changes["reason"] for e in entries] == ["staff", "staff"]
    assert entries[0].actor == person and entries[0].changes["role"] == ""


def test_the_account_role_alone_grants_nothing_once_an_entity_exists(tenjo, san_jeronimo):
    person = make_user(Role.ADMIN, username="sin-membresia", entity=tenjo)
    Membership.objects.across_entities().filter(user=person).delete()
    person.forget_roles()
    assert person.role == Role.ADMIN  # the account's kind is still staff
    with scoping.activate(tenjo):
        assert not permissions.is_staff_member(person)
        assert not permissions.has_role(person, Role.ADMIN)
        assert not person.has_perm("entity.change_entity")


def test_each_entity_gives_the_person_the_rights_of_their_role_there(client, tenjo, san_jeronimo):
    person = make_user(Role.ADMIN, username="doble", entity=tenjo)
    memberships.grant(person, san_jeronimo, Role.OVERSIGHT)
    login_verified(client, person)

    assert client.get("/e/tenjo/panel/personal/").status_code == 200  # administrator
    assert client.get("/e/san-jeronimo/panel/").status_code == 200  # staff there too
    assert client.get("/e/san-jeronimo/panel/personal/").status_code == 403  # not admin
    with scoping.activate(tenjo):
        assert permissions.has_role(person, Role.PLANNING)
        assert permissions.department_ids_for(person) is None
    with scoping.activate(san_jeronimo):
        assert permissions.role_of(person) == Role.OVERSIGHT
        assert not permissions.has_role(person, Role.PLANNING)
        assert permissions.department_ids_for(person) == set()


def test_an_officers_departments_are_those_of_each_entity(tenjo, san_jeronimo):
    obras = make_department("Secretaría de Obras", code="obras", entity=tenjo)
    salud = make_department("Secretaría de Salud", code="salud", entity=san_jeronimo)
    person = make_user(Role.OFFICER, username="enlace-doble", departments=[obras])
    memberships.grant(person, san_jeronimo, Role.OFFICER, [salud])

    with scoping.activate(tenjo):
        assert permissions.department_ids_for(person) == {obras.pk}
        assert not permissions.can_act_for_department(person, salud.pk)
    with scoping.activate(san_jeronimo):
        assert permissions.department_ids_for(person) == {salud.pk}
        assert not permissions.can_act_for_department(person, obras.pk)


def test_a_membership_refuses_another_entitys_department(tenjo, san_jeronimo):
    salud = make_department("Secretaría de Salud", code="salud", entity=san_jeronimo)
    person = make_user(Role.PLANNING, entity=tenjo)
    with pytest.raises(ValueError):
        memberships.grant(person, tenjo, Role.OFFICER, [salud])


def test_with_several_entities_and_none_active_nobody_holds_a_role(tenjo, san_jeronimo):
    person = make_user(Role.ADMIN, entity=tenjo)
    assert permissions.role_of(person) is None
    assert not permissions.has_role(person, Role.ADMIN)


def test_an_inactive_membership_grants_nothing_there_and_leaves_the_other(
    client, tenjo, san_jeronimo
):
    person = make_user(Role.PLANNING, entity=tenjo)
    memberships.grant(person, san_jeronimo, Role.PLANNING, is_active=False)
    login_verified(client, person)
    assert client.get("/e/tenjo/panel/").status_code == 200
    assert client.get("/e/san-jeronimo/panel/").status_code == 403


def test_the_staff_page_lists_and_edits_the_entitys_own_people_only(client, tenjo, san_jeronimo):
    admin = make_user(Role.ADMIN, username="admin-tenjo", entity=tenjo)
    ours = make_user(Role.PLANNING, username="planeacion-tenjo", entity=tenjo)
    theirs = make_user(Role.PLANNING, username="planeacion-sj", entity=san_jeronimo)
    login_verified(client, admin)

    page = client.get("/e/tenjo/panel/personal/")
    assert "planeacion-tenjo" in page.text and "planeacion-sj" not in page.text
    assert client.get(f"/e/tenjo/panel/personal/{theirs.pk}/").status_code == 404
    response = client.post(
        f"/e/tenjo/panel/personal/{theirs.pk}/",
        {"first_name": "X", "last_name": "Y", "role": "admin", "is_active": "on"},
    )
    assert response.status_code == 404
    assert theirs.memberships.across_entities().get().role == Role.PLANNING

    # Changing our person's role here leaves their membership elsewhere alone.
    memberships.grant(ours, san_jeronimo, Role.COMMUNICATIONS)
    response = client.post(
        f"/e/tenjo/panel/personal/{ours.pk}/",
        {"first_name": "Ana", "last_name": "Ríos", "role": "ict", "is_active": ""},
    )
    assert response.status_code == 302
    by_entity = {m.entity_id: (m.role, m.is_active) for m in ours.memberships.across_entities()}
    assert by_entity == {tenjo.pk: ("ict", False), san_jeronimo.pk: ("communications", True)}
    ours.refresh_from_db()
    assert ours.is_active  # the account stays: only this entity's membership is off


def test_an_invitation_adds_the_entity_to_an_existing_account(
    client, tenjo, san_jeronimo, django_capture_on_commit_callbacks
):
    person = make_user(Role.ADMIN, username="lucia", email="lucia@example.org", entity=tenjo)
    admin_sj = make_user(Role.ADMIN, username="admin-sj", entity=san_jeronimo)
    login_verified(client, admin_sj)
    # The e-mail task runs on commit, after the request: in its entity (step 8 makes the
    # task activate it itself).
    with scoping.activate(san_jeronimo), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/e/san-jeronimo/panel/personal/", {"email": "Lucia@Example.org", "role": "planning"}
        )
    assert response.status_code == 302
    # The link goes to the inviting entity's own address.
    path = re.search(
        r"https?://[^/\s]+(/e/san-jeronimo/panel/invitacion/\S+/)", mail.outbox[0].body
    )
    assert path is not None
    link = path.group(1)

    client.logout()
    assert client.get(link).status_code == 302  # log in first, as that account
    login_verified(client, admin_sj)
    assert client.get(link).status_code == 302  # another account may not take it
    login_verified(client, person)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302

    roles = {m.entity_id: m.role for m in person.memberships.across_entities()}
    assert roles == {tenjo.pk: "admin", san_jeronimo.pk: "planning"}
    assert User.objects.filter(email__iexact="lucia@example.org").count() == 1
    assert client.get(link).status_code == 404  # used up


def test_an_invited_member_already_here_is_refused_in_spanish(client, tenjo):
    admin = make_user(Role.ADMIN, entity=tenjo)
    make_user(Role.PLANNING, email="ana@example.org", entity=tenjo)
    login_verified(client, admin)
    response = client.post("/panel/personal/", {"email": "ana@example.org", "role": "ict"})
    assert response.status_code == 200
    assert "ya hace parte del personal" in response.text


def test_the_first_entity_takes_the_staff_made_before_it(db):
    admin = make_user(Role.ADMIN, username="primero")
    citizen = make_user(Role.CITIZEN, username="ciudadana")
    assert not Membership.objects.across_entities().exists()
    assert permissions.has_role(admin, Role.ADMIN)  # no entity yet: sets it up
    entity = make_entity(name="Alcaldía de Tenjo", slug="tenjo")
    admin.forget_roles()
    assert [(m.user, m.entity, m.role) for m in Membership.objects.all()] == [
        (admin, entity, Role.ADMIN)
    ]
    assert not citizen.memberships.exists()
    make_entity(name="Alcaldía de San Jerónimo", slug="san-jeronimo")
    assert Membership.objects.across_entities().count() == 1  # a later entity takes nobody


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_staff_account_its_role_and_departments_in_the_first_entity():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    others = [node for node in leaves if node[0] != "accounts"]
    before = [*others, ("accounts", "0005_entity_key_required")]
    after = [*others, ("accounts", "0006_memberships")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Entity = old.get_model("entity", "Entity")
    entity = Entity.objects.create(name="Alcaldía de Tenjo", slug="tenjo")
    department = old.get_model("entity", "Department").objects.create(
        entity=entity, name="Secretaría de Obras", code="obras"
    )
    OldUser = old.get_model("accounts", "User")
    officer = OldUser.objects.create(username="enlace", role="officer")
    officer.departments.set([department])
    OldUser.objects.create(username="planeacion", role="planning")
    OldUser.objects.create(username="ciudadano", role="citizen")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    found = {
        (m.user.username, m.entity_id, m.role, tuple(d.code for d in m.departments.all()))
        for m in new.get_model("accounts", "Membership").objects.all()
    }
    assert found == {
        ("enlace", entity.pk, "officer", ("obras",)),
        ("planeacion", entity.pk, "planning", ()),
    }

    # And back: the role and departments return to the account.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    back = executor.loader.project_state(before).apps
    officer = back.get_model("accounts", "User").objects.get(username="enlace")
    assert [d.code for d in officer.departments.all()] == ["obras"]
    MigrationExecutor(connection).migrate(leaves)


def test_a_staff_page_reads_the_role_with_the_user_in_one_query(client, tenjo):
    person = make_user(Role.PLANNING, entity=tenjo)
    login_verified(client, person)
    client.get("/panel/")  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/panel/").status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    with_user = [s for s in sql if s.startswith('SELECT "accounts_user"') and "membership" in s]
    alone = [s for s in sql if s.startswith('SELECT "accounts_membership"')]
    assert len(with_user) == 1 and alone == []


def test_the_panel_link_shows_where_the_person_has_a_role_only(client, tenjo, san_jeronimo):
    person = make_user(Role.ADMIN, username="admin-tenjo", entity=tenjo)
    login_verified(client, person)
    panel_link = re.compile(r'<a href="/e/[a-z-]+/panel/">Panel</a>')
    assert panel_link.search(client.get("/e/tenjo/").text)
    assert not panel_link.search(client.get("/e/san-jeronimo/").text)
