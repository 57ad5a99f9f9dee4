"""core.audit.save_changes: the audited create/update every service ends with."""

import pytest

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.core import audit
from rinde.core.models import AuditEntry
from rinde.entity import scoping
from rinde.exercises.models import OversightCommittee

pytestmark = pytest.mark.django_db


def test_a_creation_saves_the_row_and_records_every_value_from_none(admin_user, entity):
    member = make_user(Role.OVERSIGHT)
    committee = OversightCommittee()
    audit.save_changes(
        committee,
        {"name": "Veeduría Norte", "members": [member]},
        actor=admin_user,
        action="exercises.committee.create",
    )
    committee.refresh_from_db()
    assert list(committee.members.all()) == [member]
    entry = AuditEntry.objects.get(action="exercises.committee.create")
    assert entry.changes == {
        "name": [None, "Veeduría Norte"],
        "members": [None, [str(member)]],
    }


def test_an_update_saves_and_records_only_what_changed_against_the_stored_row(admin_user, entity):
    committee = OversightCommittee.objects.create(name="Veeduría Sur")
    member = make_user(Role.OVERSIGHT)
    # As a validated ModelForm's instance: it already holds the new name.
    committee.name = "Veeduría del Sur"
    changes = audit.save_changes(
        committee,
        {"name": "Veeduría del Sur", "is_active": True, "members": [member]},
        actor=admin_user,
        action="exercises.committee.update",
    )
    assert changes == {"name": ["Veeduría Sur", "Veeduría del Sur"], "members": [[], [member]]}
    committee.refresh_from_db()
    assert committee.name == "Veeduría del Sur"
    assert list(committee.members.all()) == [member]
    assert AuditEntry.objects.get(action="exercises.committee.update").target_id == str(
        committee.pk
    )


def test_an_update_that_changes_nothing_writes_nothing(
    admin_user, entity, django_assert_num_queries
):
    committee = OversightCommittee.objects.create(name="Veeduría Este")
    # Inside the entity, as a staff request runs it.
    with scoping.activate(entity), django_assert_num_queries(3):  # savepoint, row, release
        changes = audit.save_changes(
            committee, {"name": "Veeduría Este"}, actor=admin_user, action="x.update"
        )
    assert changes == {}
    assert not AuditEntry.objects.exists()


def test_a_name_that_is_not_a_field_is_refused(admin_user):
    with pytest.raises(ValueError, match="not fields"):
        audit.save_changes(
            OversightCommittee(), {"nombre": "x"}, actor=admin_user, action="x.create"
        )
