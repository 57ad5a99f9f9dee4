"""The session's user, loaded with their role in the request's entity in the same query.

Every staff page asks the role (permissions.role_of) and most pages ask whether the
visitor is staff: reading the membership with the user row keeps each page's query count
what it was when the role was a column of the user.
"""

from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef, Subquery

from rinde.accounts.models import Membership, User, permission_entity_id


class MembershipBackend(ModelBackend):
    def get_user(self, user_id):
        entity_id = permission_entity_id()
        if not entity_id:  # none determinable, or before the first entity: no membership
            return super().get_user(user_id)
        role = Subquery(
            Membership.objects.across_entities()
            .filter(user=OuterRef("pk"), entity_id=entity_id, is_active=True)
            .values("role")[:1]
        )
        user = User._default_manager.annotate(membership_role=role).filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        user.__dict__["_roles_by_entity"] = {entity_id: user.__dict__.pop("membership_role")}
        return user
