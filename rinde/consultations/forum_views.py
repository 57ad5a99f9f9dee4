from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.consultations import forum as forum_services
from rinde.consultations import moderation_views
from rinde.consultations.forms import CommentForm, FlagForm
from rinde.consultations.models import Comment, CommentStatus, Forum
from rinde.core import comment_reports
from rinde.core.antispam import RATE_LIMIT_MESSAGE, FormTokenSpent, check_rate_limit
from rinde.core.pagination import page_number
from rinde.core.public_cache import public_page
from rinde.exercises.models import Exercise

PAGE_SIZE = 20
COMMENT_LIMIT, COMMENT_PERIOD = 20, 60 * 10


def forum_of(exercise: Exercise) -> Forum | None:
    """The exercise's forum (the latest to open), or None while staff have not set it up."""
    return (
        Forum.objects.filter(exercise=exercise)
        .select_related("exercise")
        .order_by("-opens_at")
        .first()
    )


def current_forum(slug: str) -> Forum:
    forum = forum_of(get_object_or_404(Exercise.objects.published(), slug=slug))
    if forum is None:
        raise Http404
    return forum


def comment_page(forum: Forum, number):
    """One page of top-level comments with their replies: three queries whatever the size."""
    replies = Prefetch(
        "replies", queryset=Comment.objects.select_related("official").order_by("created_at", "pk")
    )
    top = (
        Comment.objects.filter(forum=forum, parent=None)
        .select_related("official")
        .prefetch_related(replies)
        .order_by("created_at", "pk")
    )
    return Paginator(top, PAGE_SIZE).get_page(number)


@require_safe
@public_page
def forum_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The thread. It holds no form (writing, replying and reporting have their own pages),
    so it carries no CSRF token and is cached whole like the other public pages."""
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    forum = forum_of(exercise)
    if forum is None:
        # A new exercise's page links here before staff set the forum up: say so.
        return render(request, "consultations/forum_not_scheduled.html", {"exercise": exercise})
    return render(
        request,
        "consultations/forum.html",
        {
            "forum": forum,
            "forum_open": forum.is_open(),  # once, not once per thread
            "forum_closed": forum.is_closed(),
            "page": comment_page(forum, request.GET.get("pagina")),
            "query": "",
        },
    )


def _thread_url(slug: str, page: int, anchor: int) -> str:
    return f"{reverse('consultations:forum', args=[slug])}?pagina={page}#c{anchor}"


def _back_page(request: HttpRequest) -> int:
    """The thread page a reply or a report came from (?pagina=), for the way back; it goes
    into a redirect, so only a positive number is taken."""
    return page_number(request.GET.get("pagina"))


def _replied_comment(forum: Forum, raw) -> Comment | None:
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return Comment.objects.filter(pk=pk, forum=forum).select_related("official").first()


@require_http_methods(["GET", "HEAD", "POST"])
def comment_form(request: HttpRequest, slug: str) -> HttpResponse:
    """Write a comment, or reply to one (?responder=<pk>)."""
    forum = current_forum(slug)
    replying_to = _replied_comment(
        forum, request.POST.get("parent") or request.GET.get("responder")
    )
    form = CommentForm(
        request.POST or None, initial={"parent": replying_to.pk if replying_to else None}
    )
    back_page = _back_page(request)
    if request.method == "POST":
        if not check_rate_limit(
            request, f"forum:{forum.pk}", limit=COMMENT_LIMIT, per_seconds=COMMENT_PERIOD
        ):
            form.is_valid()
            form.add_error(None, RATE_LIMIT_MESSAGE)
        elif form.is_valid():
            data = form.cleaned_data
            parent = replying_to if data.get("parent") else None
            if data.get("parent") and parent is None:
                form.add_error(None, _("El comentario al que responde no existe."))
            else:
                try:
                    comment = forum_services.post_comment(
                        forum,
                        request=request,
                        body=data["body"],
                        parent=parent,
                        name=data["name"],
                        email=data["email"] or "",
                        authorized=data["authorized"],
                        form_token=form.form_token,
                    )
                except ValidationError as error:
                    form.add_error(None, error.messages[0])
                except FormTokenSpent:
                    form.refuse_spent_token()
                else:
                    messages.success(request, _("Su comentario quedó publicado."))
                    if parent is None:  # a new thread goes last
                        back_page = comment_page(forum, None).paginator.num_pages
                    return HttpResponseRedirect(
                        _thread_url(slug, back_page, comment.parent_id or comment.pk), status=303
                    )
    return render(
        request,
        "consultations/forum_comment.html",
        {
            "forum": forum,
            "form": form,
            "replying_to": replying_to,
            "back_page": back_page,
            "official": forum_services.can_answer_officially(request.user),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def flag(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Report a comment to the moderators: the page shows it and asks why."""
    forum = current_forum(slug)
    comment = get_object_or_404(
        Comment.objects.select_related("official"), pk=pk, forum=forum, official__isnull=True
    )
    form = FlagForm(request.POST or None)
    if request.method == "POST":
        done = comment_reports.take_report(
            request,
            form,
            report=partial(forum_services.flag_comment, comment, request=request),
            scope=f"flag:{forum.pk}",
            limit=30,
            per_seconds=600,
            back_url=_thread_url(slug, _back_page(request), comment.parent_id or comment.pk),
        )
        if done:
            return done
    return render(
        request,
        "consultations/forum_flag.html",
        # The way back goes to the thread page the report came from, not to page 1.
        {"forum": forum, "c": comment, "form": form, "back_page": _back_page(request)},
        status=400 if form.errors else 200,
    )


@staff_view(Role.COMMUNICATIONS)
def moderation(request: HttpRequest) -> HttpResponse:
    pending = (
        Comment.objects.filter(status=CommentStatus.AUTO_HIDDEN)
        .select_related("forum__exercise")
        .order_by("-flag_count")
    )
    flagged = (
        Comment.objects.filter(status=CommentStatus.VISIBLE, flag_count__gt=0)
        .select_related("forum__exercise")
        .order_by("-flag_count")[:100]
    )
    recent = Comment.objects.select_related("forum__exercise").order_by("-created_at")[:50]
    forums = (
        Forum.objects.filter(exercise__in=Exercise.objects.all())
        .select_related("exercise")
        .order_by("-opens_at")
    )
    return render(
        request,
        "consultations/moderation.html",
        {
            "pending": pending,
            "flagged": flagged,
            "recent": recent,
            "forums": forums,
            "without": Exercise.objects.filter(forums__isnull=True).order_by("-year", "slug"),
            **moderation_views.tab_context(request),
        },
    )


@staff_view(Role.COMMUNICATIONS)
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    action = request.POST.get("action")
    try:
        if action in ("hide", "restore"):
            forum_services.moderate(
                comment,
                actor=request.user,
                hide=action == "hide",
                reason=request.POST.get("reason", ""),
                request=request,
            )
        elif action == "block":
            forum_services.block_author(
                comment, actor=request.user, reason=request.POST.get("reason", ""), request=request
            )
        else:
            raise Http404
        messages.success(request, _("Listo."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("consultations:moderation")


@staff_view(Role.COMMUNICATIONS)
@require_POST
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    forum = get_object_or_404(Forum, pk=pk, exercise__in=Exercise.objects.all())
    try:
        forum_services.publish_summary(
            forum, actor=request.user, summary=request.POST.get("summary", ""), request=request
        )
        messages.success(request, _("Resumen publicado."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("consultations:moderation")
