"""Forum services: comment, reply, official reply, flag, moderate, block. One transaction
each; moderators' actions are audited.

The public thread is page-cached. What staff do (an official reply, hiding, restoring, the
summary) and a comment hidden by readers' reports show at once: they refresh the cached
pages. A citizen's new comment shows to others within the cache's lifetime, as new
questions do: refreshing on each would empty the whole site's cache many times a minute
while the forum is busy. Its author sees it at once (the confirmation message makes their
request bypass the shared copy)."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.consultations.models import BlockedAuthor, Comment, CommentStatus, Flag
from rinde.consultations.services import entity_from_exercise
from rinde.core import audit
from rinde.core.antispam import spend_form_token
from rinde.core.http import client_ip
from rinde.core.public_cache import refresh_public_pages


def author_key(request) -> str:
    """A one-way key for the sender's address: enough to block, useless to identify."""
    raw = f"{settings.SECRET_KEY}:{client_ip(request) or ''}".encode()
    return hashlib.sha256(raw).hexdigest()


def reporter_network(address: str | None) -> str:
    """Who a report counts as: an IPv4 address as it is, an IPv6 address by its /64. One
    home or one server is given a whole /64 and may send from any of its 2^64 addresses,
    so counting each address apart would let one host make the three reports that hide a
    comment on its own (FORUM_AUTO_HIDE_FLAGS)."""
    if not address:
        return ""
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def reporter_key(request) -> str:
    """A one-way key for the network a report came from (reporter_network)."""
    raw = f"{settings.SECRET_KEY}:flag:{reporter_network(client_ip(request))}".encode()
    return hashlib.sha256(raw).hexdigest()


# Who speaks for the entity in its forum, under the "Respuesta oficial" badge: the
# administrator, communications (who run the forum) and planning (who lead the
# accountability process and approve every written answer). Not the veeduría, which
# oversees the entity and is no part of it; not a department's officer or ICT, whose
# answers to citizens are published only after planning reviews them. Any of them may
# still comment as a person, like anyone else, without the badge.
OFFICIAL_VOICES = (Role.ADMIN, Role.COMMUNICATIONS, Role.PLANNING)


def can_answer_officially(user) -> bool:
    return permissions.is_verified(user) and permissions.has_role(user, *OFFICIAL_VOICES)


def post_comment(
    forum,
    *,
    request,
    body: str,
    parent: Comment | None = None,
    name: str = "",
    email: str = "",
    authorized: bool = False,
    form_token: str = "",
) -> Comment:
    user = request.user
    official = user if can_answer_officially(user) else None
    if not forum.is_open() and official is None:
        raise ValidationError(_("El foro está cerrado."))
    key = author_key(request)
    if official is None and BlockedAuthor.objects.filter(forum=forum, author_key=key).exists():
        raise ValidationError(
            _(
                "No puede comentar en este foro: un moderador bloqueó los mensajes desde su conexión."
            )
        )
    if parent is not None:
        if parent.forum_id != forum.pk or parent.parent_id is not None:
            raise ValidationError(_("Solo se responde a un comentario principal."))
        if not parent.is_visible:
            raise ValidationError(_("Ese comentario está oculto y no admite respuestas."))
    with transaction.atomic():
        if form_token:
            spend_form_token(form_token)
        comment = Comment.objects.create(
            **entity_from_exercise(forum),
            forum=forum,
            parent=parent,
            body=body.strip(),
            author_key=key,
            author_name=(official.get_full_name() if official else name.strip())[:100],
            author_email=email.strip() if authorized and official is None else "",
            data_authorized_at=timezone.now()
            if authorized and email and official is None
            else None,
            official=official,
        )
        if official is not None:
            audit.record(
                actor=official, action="forum.official_reply", target=comment, request=request
            )
            refresh_public_pages()
    return comment


def flag_comment(comment: Comment, *, request, reason: str, form_token: str) -> bool:
    """Count a reader's report once per address (an IPv6 /64: reporter_network); past the
    threshold the comment waits for a moderator. The report form's start token is spent in
    the same transaction (FormTokenSpent on a replay); False, with the token left unspent,
    when this address had reported the comment already."""
    try:
        with transaction.atomic():
            spend_form_token(form_token)
            Flag.objects.create(comment=comment, reason=reason, reporter_key=reporter_key(request))
            count_report(Comment.objects.filter(pk=comment.pk), hideable={"official__isnull": True})
    except IntegrityError:
        return False
    return True


def count_report(comments, *, hideable=None) -> bool:
    """One more reader's report on `comments` (a queryset of one comment: the forum's, or
    any model with the same status, moderation_reason and flag_count fields, such as the
    project comments of rinde.fieldwork). Past FORUM_AUTO_HIDE_FLAGS a visible one that
    matches `hideable` waits for a moderator; True when this report hid it."""
    comments.update(flag_count=F("flag_count") + 1)
    hidden = (
        comments.filter(**(hideable or {}))
        .filter(status=CommentStatus.VISIBLE, flag_count__gte=settings.FORUM_AUTO_HIDE_FLAGS)
        .update(
            status=CommentStatus.AUTO_HIDDEN,
            moderation_reason=_("Reportado por varias personas; en revisión."),
        )
    )
    if hidden:
        refresh_public_pages()
    return bool(hidden)


def require_moderator(actor) -> None:
    if not permissions.has_role(actor, Role.COMMUNICATIONS):
        raise PermissionDenied("role")


@transaction.atomic
def moderate(comment, *, actor, hide: bool, reason: str, request=None, scope="forum"):
    """Hide or restore a comment with its reason, audited as `<scope>.hide|restore`: the
    forum's comments, or another model moderated the same way (rinde.fieldwork)."""
    require_moderator(actor)
    if hide and not reason.strip():
        raise ValidationError(_("Escriba el motivo: la persona que comentó lo verá."))
    comment = type(comment)._default_manager.select_for_update().get(pk=comment.pk)
    comment.status = CommentStatus.HIDDEN if hide else CommentStatus.VISIBLE
    comment.moderation_reason = reason.strip() if hide else ""
    comment.save(update_fields=["status", "moderation_reason"])
    audit.record(
        actor=actor,
        action=f"{scope}.hide" if hide else f"{scope}.restore",
        target=comment,
        changes={"reason": reason},
        request=request,
    )
    refresh_public_pages()
    return comment


@transaction.atomic
def block_author(comment: Comment, *, actor, reason: str, request=None) -> None:
    require_moderator(actor)
    if not reason.strip():
        raise ValidationError(_("Escriba el motivo del bloqueo."))
    BlockedAuthor.objects.get_or_create(
        forum=comment.forum, author_key=comment.author_key, defaults={"reason": reason.strip()}
    )
    audit.record(
        actor=actor,
        action="forum.block",
        target=comment,
        changes={"reason": reason},
        request=request,
    )


@transaction.atomic
def publish_summary(forum, *, actor, summary: str, request=None):
    require_moderator(actor)
    if forum.is_open():
        raise ValidationError(_("El resumen se publica cuando el foro cierra."))
    forum.summary = summary.strip()
    forum.summary_published_at = timezone.now()
    forum.save(update_fields=["summary", "summary_published_at"])
    audit.record(actor=actor, action="forum.summary", target=forum, request=request)
    refresh_public_pages()
    return forum


# What follows is the moderation page's way back: blocked authors listed and unblocked, and
# a block that may hide the author's earlier comments. The functions above keep their names
# and signatures (rinde.fieldwork reuses them); these only add to them.


def _check_moderator(actor) -> None:
    # The same rule as the moderator check above, written out so that this block does not
    # depend on that helper's name (it is renamed on main; see docs/moderation.md).
    if not permissions.has_role(actor, Role.COMMUNICATIONS):
        raise PermissionDenied("role")


def earlier_comments(comment: Comment):
    """The still-visible comments the author of `comment` left in the same forum (by the
    hashed address, the same key a block holds), the staff's own answers apart."""
    return Comment.objects.filter(
        forum_id=comment.forum_id,
        author_key=comment.author_key,
        official__isnull=True,
        status__in=[CommentStatus.VISIBLE, CommentStatus.AUTO_HIDDEN],
    )


@transaction.atomic
def block_and_hide(
    comment: Comment, *, actor, reason: str, hide_earlier: bool = False, request=None
) -> list[int]:
    """Block the author of `comment` (block_author) and, when asked, hide every comment
    they left in the forum with the same reason, each audited as a hide. The ids hidden."""
    block_author(comment, actor=actor, reason=reason, request=request)
    if not hide_earlier:
        return []
    hidden = list(earlier_comments(comment).select_for_update().order_by("pk"))
    Comment.objects.filter(pk__in=[c.pk for c in hidden]).update(
        status=CommentStatus.HIDDEN, moderation_reason=reason.strip()
    )
    for earlier in hidden:
        audit.record(
            actor=actor,
            action="forum.hide",
            target=earlier,
            changes={"reason": reason, "with_block": True},
            request=request,
        )
    refresh_public_pages()
    return [c.pk for c in hidden]


@transaction.atomic
def unblock_author(block: BlockedAuthor, *, actor, request=None) -> None:
    """Lift a block: the author may comment again. Comments hidden with the block stay
    hidden; each is restored on its own from the hidden list, after reading it."""
    _check_moderator(actor)
    block = BlockedAuthor.objects.select_for_update().get(pk=block.pk)
    audit.record(
        actor=actor,
        action="forum.unblock",
        target=block.forum,
        changes={"reason": [block.reason, ""], "blocked_at": str(block.created_at)},
        request=request,
    )
    block.delete()
    refresh_public_pages()
