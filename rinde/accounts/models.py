from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rinde.entity import scoping
from rinde.entity.models import Entity, entity_key
from rinde.entity.scoped import EntityScopedQuerySet, several_entities

# What User.role_here() answers before the installation's first entity exists, and what it
# caches per entity: the role of the membership, or None.
NO_ENTITY_YET = 0


class Role(models.TextChoices):
    """Who a person is on the platform. What each role may do lives in accounts.permissions."""

    ADMIN = "admin", _("Administrador")
    ICT = "ict", _("TIC")
    COMMUNICATIONS = "communications", _("Comunicaciones")
    PLANNING = "planning", _("Planeación")
    OFFICER = "officer", _("Enlace de dependencia")
    OVERSIGHT = "oversight", _("Veeduría")
    CITIZEN = "citizen", _("Ciudadano")


def permission_entity_id() -> int | None:
    """The entity whose membership says what a person may do now: the active one (the
    request's); with none active, the installation's only entity; `NO_ENTITY_YET` before
    the first one exists; None when several exist and none is active (no rights: fail
    closed)."""
    entity = scoping.active()
    if entity is not None:
        return entity.pk
    if several_entities(Entity):
        return None
    return Entity.objects.current().pk or NO_ENTITY_YET


class User(AbstractUser):
    # The account's kind (CITIZEN or staff) and the role it was created with. What a staff
    # member may do in an entity is their Membership there (role_here()); this role grants
    # something only before the installation's first entity exists (the first
    # administrator, who creates it), and is what that entity's memberships start from.
    role = models.CharField(_("rol"), max_length=20, choices=Role, default=Role.CITIZEN)
    position = models.CharField(_("cargo"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")

    def __str__(self) -> str:
        full_name = self.get_full_name()
        return f"{full_name} ({self.username})" if full_name else self.username

    @property
    def is_staff_member(self) -> bool:
        """A staff account (somewhere): for logs and links. Rights: permissions.py."""
        return self.role != Role.CITIZEN

    def role_here(self) -> str | None:
        """This person's role in the entity of the work under way (permission_entity_id):
        their active membership's, else None. Cached on this object per entity, never
        written to a field: MembershipBackend fills it with the user's own query."""
        entity_id = permission_entity_id()
        if entity_id is None:
            return None
        if entity_id == NO_ENTITY_YET:
            return self.role
        roles = self.__dict__.setdefault("_roles_by_entity", {})
        if entity_id not in roles:
            roles[entity_id] = (
                Membership.objects.across_entities()
                .filter(user_id=self.pk, entity_id=entity_id, is_active=True)
                .values_list("role", flat=True)
                .first()
            )
        return roles[entity_id]

    def department_ids_here(self) -> set[int]:
        """The departments of this person's membership in the entity of the work under way."""
        entity_id = permission_entity_id()
        if not entity_id:
            return set()
        return set(
            Membership.departments.through.objects.filter(
                membership__user_id=self.pk,
                membership__entity_id=entity_id,
                membership__is_active=True,
            ).values_list("department_id", flat=True)
        )

    def forget_roles(self) -> None:
        """Drop the cached roles (after a membership of this object's person changed)."""
        self.__dict__.pop("_roles_by_entity", None)

    # Django admin asks these; an active administrator of the entity may do everything
    # there, nobody else anything (the admin site also demands the second factor:
    # accounts.admin_site).
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and self.role_here() == Role.ADMIN

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and self.role_here() == Role.ADMIN


class Membership(models.Model):
    """A person's place in one entity: their role there and, for a department officer, the
    departments they act for there (docs/tenancy.md, step 1). One account, several
    entities; each membership is the entity's own (its administrators keep it)."""

    entity = entity_key()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("rol"), max_length=20, choices=[c for c in Role.choices if c[0] != Role.CITIZEN]
    )
    # A department officer acts only for these departments; other roles ignore them.
    departments = models.ManyToManyField(
        "entity.Department", verbose_name=_("dependencias"), blank=True, related_name="memberships"
    )
    # Off: the person keeps their account (and other entities) but has no rights here.
    is_active = models.BooleanField(_("activa"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("membresía")
        verbose_name_plural = _("membresías")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "user"], name="accounts_membership_one_per_entity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Invitation(models.Model):
    """A staff account offered by e-mail: the role and departments are chosen by the
    administrator; the person picks their username and password and enrols their second
    factor (accounts.invitations). The link is signed with the secret key over the id and
    this nonce: reading the database is not enough to forge one, and a new nonce (sending
    the invitation again) voids the old link."""

    entity = entity_key()
    email = models.EmailField(_("correo"))
    role = models.CharField(
        _("rol"), max_length=20, choices=[c for c in Role.choices if c[0] != Role.CITIZEN]
    )
    departments = models.ManyToManyField(
        "entity.Department", verbose_name=_("dependencias"), blank=True, related_name="+"
    )
    position = models.CharField(_("cargo"), max_length=200, blank=True)
    nonce = models.CharField(max_length=64, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("vence"))
    accepted_at = models.DateTimeField(_("aceptada"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("anulada"), null=True, blank=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitación")
        verbose_name_plural = _("invitaciones")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class TodoDigest(models.Model):
    """One row per person and day: the daily to-do e-mail (accounts.todo_digest) goes out
    once, however often the command runs."""

    entity = entity_key()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resumen diario de pendientes")
        verbose_name_plural = _("resúmenes diarios de pendientes")
        constraints = [
            # Once a day per person and entity: each entity's list is its own.
            models.UniqueConstraint(
                fields=["entity", "user", "day"], name="accounts_tododigest_day_per_entity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
