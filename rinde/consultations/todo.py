"""The forum's moderation in the staff to-do list (accounts.todo): comments hidden by
citizens' reports waiting for a decision, and visible comments someone reported. The same
two groups the moderation page lists, counted in one query."""

from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.accounts.todo import Pending
from rinde.consultations.models import Comment, CommentStatus


def pending_for(user, today: date) -> list[Pending]:
    if not permissions.has_role(user, Role.COMMUNICATIONS):
        return []
    figures = Comment.objects.aggregate(
        hidden=Count("pk", filter=Q(status=CommentStatus.AUTO_HIDDEN)),
        reported=Count("pk", filter=Q(status=CommentStatus.VISIBLE, flag_count__gt=0)),
    )
    url = reverse("consultations:moderation")
    items = []
    if figures["hidden"]:
        n = figures["hidden"]
        items.append(
            Pending(
                what=ngettext(
                    "Revisar %(n)d comentario oculto por reportes",
                    "Revisar %(n)d comentarios ocultos por reportes",
                    n,
                )
                % {"n": n},
                why=_("Varios reportes lo ocultaron: restaurarlo u ocultarlo con motivo."),
                url=url,
                menu="consultations:moderation",
                count=n,
            )
        )
    if figures["reported"]:
        n = figures["reported"]
        items.append(
            Pending(
                what=ngettext(
                    "Moderar %(n)d comentario reportado",
                    "Moderar %(n)d comentarios reportados",
                    n,
                )
                % {"n": n},
                why=_("Un ciudadano lo reportó y sigue visible en el foro."),
                url=url,
                menu="consultations:moderation",
                count=n,
            )
        )
    return items
