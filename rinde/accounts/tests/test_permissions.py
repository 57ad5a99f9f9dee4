import pytest

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "asked", "expected"),
    [
        (Role.ADMIN, (Role.PLANNING,), True),  # the administrator holds every role
        (Role.PLANNING, (Role.PLANNING,), True),
        (Role.PLANNING, (Role.ICT,), False),
        (Role.OFFICER, (Role.PLANNING, Role.OFFICER), True),
        (Role.OVERSIGHT, (Role.OFFICER,), False),
        (Role.CITIZEN, (Role.CITIZEN,), False),  # citizens are never staff
    ],
)
def test_has_role(role, asked, expected):
    assert permissions.has_role(make_user(role), *asked) is expected


def test_an_inactive_user_holds_no_role():
    user = make_user(Role.ADMIN, is_active=False)
    assert permissions.has_role(user, Role.ADMIN) is False


def test_an_officer_acts_only_for_their_departments(department, other_department):
    officer = make_user(Role.OFFICER, departments=[department])
    assert permissions.can_act_for_department(officer, department.pk)
    assert not permissions.can_act_for_department(officer, other_department.pk)
    assert not permissions.can_act_for_department(officer, None)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PLANNING, Role.ICT, Role.COMMUNICATIONS])
def test_entity_wide_roles_act_for_every_department(role, department):
    assert permissions.department_ids_for(make_user(role)) is None
    assert permissions.can_act_for_department(make_user(role), department.pk)


def test_oversight_members_act_for_no_department(department):
    user = make_user(Role.OVERSIGHT)
    assert permissions.department_ids_for(user) == set()
    with pytest.raises(permissions.PermissionDenied):
        permissions.check_department(user, department.pk)
