"""Citizens' comments on a project's progress, seen on the ground (control social): a text,
an optional photo, the department's public answer. Moderated with the forum's states and
functions (rinde.consultations.forum): the forum's Comment belongs to a forum of an
exercise and cannot hold a project's comments, so they live here."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rinde.consultations.models import CommentStatus, FlagReason
from rinde.core import files
from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet

# No 0/O, 1/I/L: codes are read aloud and typed from paper (as the questions' codes).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# The version of the personal-data authorization text shown beside the form.
AUTHORIZATION_VERSION = "comentario-proyecto-v1"
# A phone photo re-encoded; larger ones are refused with the size in the message.
PHOTO_MAX_BYTES = 5 * 1024 * 1024
MAX_BODY_LENGTH = 3000


def new_tracking_code(year: int) -> str:
    """«CP2026-7KQ2MX»: CP for comentario de proyecto, apart from the questions' RC codes."""
    return f"CP{year}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class FieldCommentQuerySet(models.QuerySet):
    def of_email(self, email: str):
        return self.filter(author_email__iexact=email.strip()) if email.strip() else self.none()


class FieldComment(models.Model):
    project = models.ForeignKey(
        "plan.Project", on_delete=models.PROTECT, related_name="field_comments"
    )
    tracking_code = models.CharField(_("código de seguimiento"), max_length=16, unique=True)
    body = models.TextField(_("comentario"), max_length=MAX_BODY_LENGTH)
    photo = files.CleanedFileField(
        _("foto"),
        upload_to=files.GeneratedPath("fieldwork/%Y"),
        allowed=files.IMAGE_TYPES,
        max_bytes=PHOTO_MAX_BYTES,
        name_field="photo_name",
        blank=True,
    )
    photo_name = models.CharField(max_length=200, blank=True)
    photo_alt = models.CharField(_("descripción de la foto"), max_length=200, blank=True)
    author_name = models.CharField(_("nombre"), max_length=100, blank=True)
    # Personal data, never public: only to tell the author about moderation and the answer.
    author_email = models.EmailField(blank=True)
    data_authorized_at = models.DateTimeField(null=True, blank=True)
    authorization_version = models.CharField(max_length=40, blank=True)
    author_key = models.CharField(max_length=64, db_index=True)  # hashed address, for blocking
    status = models.CharField(max_length=12, choices=CommentStatus, default=CommentStatus.VISIBLE)
    moderation_reason = models.CharField(_("motivo de moderación"), max_length=300, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("respuesta de la dependencia"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    anonymized_at = models.DateTimeField(null=True, blank=True)

    objects = FieldCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comentario ciudadano sobre un proyecto")
        verbose_name_plural = _("comentarios ciudadanos sobre proyectos")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["project", "created_at"])]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_visible(self) -> bool:
        return self.status == CommentStatus.VISIBLE

    @property
    def display_name(self) -> str:
        return self.author_name or str(_("Anónimo"))


class FieldFlag(models.Model):
    comment = models.ForeignKey(FieldComment, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=12, choices=FlagReason)
    reporter_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="field_flag_once_per_reporter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_id} {self.reason}"


class BlockedCommenter(models.Model):
    """A connection a moderator blocked from commenting on any project (the forum blocks
    per forum; projects have no such window, so here the block is for all of them)."""

    entity = entity_key()
    author_key = models.CharField(max_length=64)
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            # Each entity's moderators block for their own projects.
            models.UniqueConstraint(
                fields=["entity", "author_key"],
                name="fieldwork_blockedcommenter_author_key_per_entity",
            )
        ]

    def __str__(self) -> str:
        return self.reason
