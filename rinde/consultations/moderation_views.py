"""The moderation page's way back: the hidden comments and the blocked authors, each with a
confirmation page that does the change on POST (restore, block, unblock)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.consultations import forum as forum_services
from rinde.consultations.models import BlockedAuthor, Comment, CommentStatus
from rinde.core.pagination import page_number
from rinde.exercises.models import Exercise

PAGE_SIZE = 25


def back_to(tab: str) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse('consultations:moderation')}?ver={tab}", status=303)


def hidden_page(number):
    """Comments a moderator hid, newest first: each can be restored."""
    comments = (
        Comment.objects.filter(status=CommentStatus.HIDDEN)
        .select_related("forum__exercise")
        .order_by("-created_at", "-pk")
    )
    return Paginator(comments, PAGE_SIZE).get_page(number)


def blocked_page(number):
    """Blocked authors, newest block first, with how many comments each left in the forum
    (a subquery, so the page costs the same whatever the count)."""
    comments = (
        Comment.objects.filter(forum=OuterRef("forum"), author_key=OuterRef("author_key"))
        .order_by()
        .values("author_key")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_name = Comment.objects.filter(
        forum=OuterRef("forum"), author_key=OuterRef("author_key")
    ).order_by("-created_at")
    blocks = (
        BlockedAuthor.objects.select_related("forum__exercise")
        .annotate(
            comment_count=Subquery(comments, output_field=IntegerField()),
            last_name=Subquery(last_name.values("author_name")[:1]),
            last_body=Subquery(last_name.values("body")[:1]),
        )
        .order_by("-created_at", "-pk")
    )
    return Paginator(blocks, PAGE_SIZE).get_page(number)


def tab_context(request: HttpRequest) -> dict:
    """The moderation page's tab (?ver=ocultos|bloqueados) and its page of items."""
    tab = request.GET.get("ver", "")
    number = page_number(request.GET.get("pagina"))
    if tab == "ocultos":
        return {"tab": tab, "page": hidden_page(number), "query": "ver=ocultos"}
    if tab == "bloqueados":
        return {"tab": tab, "page": blocked_page(number), "query": "ver=bloqueados"}
    return {"tab": ""}


@staff_view(Role.COMMUNICATIONS)
@require_http_methods(["GET", "HEAD", "POST"])
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("forum__exercise"), pk=pk)
    if request.method == "POST":
        try:
            forum_services.moderate(
                comment, actor=request.user, hide=False, reason="", request=request
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Comentario restaurado: ya se ve en el foro."))
        return back_to("ocultos")
    return render(request, "consultations/moderation_restore.html", {"c": comment})


@staff_view(Role.COMMUNICATIONS)
@require_http_methods(["GET", "HEAD", "POST"])
def block(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("forum__exercise"), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            hidden = forum_services.block_and_hide(
                comment,
                actor=request.user,
                reason=request.POST.get("reason", ""),
                hide_earlier=request.POST.get("hide_earlier") == "1",
                request=request,
            )
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(
                request,
                _("Autor bloqueado; comentarios ocultados: %(n)s.") % {"n": len(hidden)},
            )
            return back_to("bloqueados")
    return render(
        request,
        "consultations/moderation_block.html",
        {
            "c": comment,
            "earlier": forum_services.earlier_comments(comment).count(),
            "error": error,
            "reason": request.POST.get("reason", ""),
        },
        status=400 if error else 200,
    )


@staff_view(Role.COMMUNICATIONS)
@require_http_methods(["GET", "HEAD", "POST"])
def unblock(request: HttpRequest, pk: int) -> HttpResponse:
    blocked = get_object_or_404(
        BlockedAuthor.objects.select_related("forum__exercise"),
        pk=pk,
        forum__exercise__in=Exercise.objects.all(),
    )
    if request.method == "POST":
        forum_services.unblock_author(blocked, actor=request.user, request=request)
        messages.success(request, _("Autor desbloqueado: puede volver a comentar."))
        return back_to("bloqueados")
    hidden = Comment.objects.filter(
        forum_id=blocked.forum_id, author_key=blocked.author_key, status=CommentStatus.HIDDEN
    ).count()
    return render(
        request, "consultations/moderation_unblock.html", {"b": blocked, "hidden": hidden}
    )
