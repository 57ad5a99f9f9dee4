"""Project comments: post, report, moderate, block, answer. One transaction each; staff
actions are audited. Moderation is the forum's (rinde.consultations.forum): the same
states, the same reader-report threshold, the same moderator role and audit shape.

Like the forum, a citizen's new comment shows to others within the public cache's
lifetime (refreshing the whole site's cache on each would defeat it); what staff do (an
answer, hiding, restoring) and a comment hidden by reports show at once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.consultations import forum
from rinde.core import audit, files
from rinde.core.antispam import spend_form_token
from rinde.core.public_cache import refresh_public_pages
from rinde.entity.models import Entity
from rinde.fieldwork.models import (
    AUTHORIZATION_VERSION,
    BlockedCommenter,
    FieldComment,
    FieldFlag,
    new_tracking_code,
)
from rinde.fieldwork.tasks import send_answer_notice
from rinde.subscriptions import notifications

# Who answers for the project's department: its officers, and planning (entity-wide),
# each checked against the project's department (permissions.check_department).
ANSWERING_ROLES = (Role.PLANNING, Role.OFFICER)


def post_comment(
    project,
    *,
    request,
    body: str,
    photo=None,
    photo_alt: str = "",
    name: str = "",
    email: str = "",
    authorized: bool = False,
    form_token: str = "",
) -> FieldComment:
    """Store a citizen's comment; `photo` is already clean (core.files.clean_upload via the
    form's CleanedUploadField). The form token is spent in the same transaction."""
    key = forum.author_key(request)
    # A block is the entity's own moderators' (one row per entity and connection).
    if BlockedCommenter.objects.filter(
        entity_id=Entity.objects.current().pk, author_key=key
    ).exists():
        raise ValidationError(
            _("No puede comentar: un moderador bloqueó los mensajes desde su conexión.")
        )
    now = timezone.now()
    keep_email = bool(authorized and email.strip())
    with transaction.atomic():
        if form_token:
            spend_form_token(form_token)
        comment = FieldComment(
            project=project,
            body=body.strip(),
            photo_alt=photo_alt.strip()[:200] if photo else "",
            author_name=name.strip()[:100],
            author_email=email.strip() if keep_email else "",
            data_authorized_at=now if keep_email else None,
            authorization_version=AUTHORIZATION_VERSION if keep_email else "",
            author_key=key,
        )
        if photo:
            comment.photo = photo
            comment.photo_name = getattr(photo, "original_name", "")
        for _attempt in range(5):
            comment.tracking_code = new_tracking_code(timezone.localdate().year)
            try:
                with transaction.atomic():
                    comment.save()
                break
            except IntegrityError:
                comment.pk = None  # a code already taken: draw another
        else:  # pragma: no cover - 31^6 codes a year
            raise IntegrityError("tracking code")
    return comment


def flag_comment(comment: FieldComment, *, request, reason: str, form_token: str) -> bool:
    """A reader's report, counted once per network (forum.reporter_key); past the forum's
    threshold the comment waits for a moderator. False when this network had reported it."""
    try:
        with transaction.atomic():
            spend_form_token(form_token)
            FieldFlag.objects.create(
                comment=comment, reason=reason, reporter_key=forum.reporter_key(request)
            )
            if forum.count_report(FieldComment.objects.filter(pk=comment.pk)):
                _withdraw_photo(comment)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def moderate(comment: FieldComment, *, actor, hide: bool, reason: str, request=None):
    comment = forum.moderate(
        comment, actor=actor, hide=hide, reason=reason, request=request, scope="fieldwork"
    )
    if hide:
        _withdraw_photo(comment)
    else:
        _republish_photo(comment)
    return comment


# A hidden comment's photo leaves the public folder: a moderator often hides a comment
# for its photo (a face, a child, a house number), and its address may have been seen.
# Moved under the same name, after the commit, so a rolled-back hiding moves nothing.


def _withdraw_photo(comment: FieldComment) -> None:
    if comment.photo:
        name = comment.photo.name
        transaction.on_commit(lambda: files.move_to_private(name))


def _republish_photo(comment: FieldComment) -> None:
    if comment.photo:
        name = comment.photo.name
        transaction.on_commit(lambda: move_to_public(name))


def move_to_public(name: str) -> None:
    """The reverse of core.files.move_to_private, for a restored comment's photo."""
    private, public = files.private_storage(), files.public_storage()
    if not private.exists(name):
        return
    if not public.exists(name):
        with private.open(name, "rb") as handle:
            public.save(name, handle)
    private.delete(name)


@transaction.atomic
def block_author(comment: FieldComment, *, actor, reason: str, request=None) -> None:
    forum.require_moderator(actor)
    if not reason.strip():
        raise ValidationError(_("Escriba el motivo del bloqueo."))
    BlockedCommenter.objects.get_or_create(
        entity_id=Entity.objects.current().pk,
        author_key=comment.author_key,
        defaults={"reason": reason.strip()},
    )
    audit.record(
        actor=actor,
        action="fieldwork.block",
        target=comment,
        changes={"reason": reason},
        request=request,
    )


def can_answer(user, comment: FieldComment) -> bool:
    return (
        permissions.is_verified(user)
        and permissions.has_role(user, *ANSWERING_ROLES)
        and permissions.can_act_for_department(user, comment.project.department_id)
    )


def answer_comment(comment: FieldComment, *, actor, body: str, request=None) -> FieldComment:
    """The department's public answer (written again to correct it), audited with the text
    before and after; the author, if they left an authorized e-mail, hears by the worker."""
    if not permissions.has_role(actor, *ANSWERING_ROLES):
        raise PermissionDenied("role")
    permissions.check_department(actor, comment.project.department_id)
    body = body.strip()
    if len(body) < 5:
        raise ValidationError(_("Escriba la respuesta."))
    with transaction.atomic():
        comment = FieldComment.objects.select_for_update().get(pk=comment.pk)
        if not comment.is_visible:
            raise ValidationError(_("Ese comentario está oculto: restáurelo antes de responder."))
        before = comment.answer
        first = not comment.answered_at
        comment.answer = body
        comment.answered_by = actor
        comment.answered_at = timezone.now()
        comment.save(update_fields=["answer", "answered_by", "answered_at"])
        audit.record(
            actor=actor,
            action="fieldwork.answer",
            target=comment,
            changes={"answer": [before, body]},
            request=request,
        )
        refresh_public_pages()
        if first:
            notifications.comment_answered(comment)  # the project's followers, after commit
        if first and comment.author_email:
            pk = comment.pk
            transaction.on_commit(lambda: send_answer_notice.enqueue(pk))
    return comment
