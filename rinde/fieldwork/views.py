"""Public pages: a project's comments (paginated, cached, no form), the form on its own
page (a form's CSRF token makes a page uncacheable: docs/conventions.md "Caching"), the
report form, and the confirmation with the tracking code. Staff: moderation and answers."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.consultations.forms import FlagForm
from rinde.consultations.models import CommentStatus
from rinde.core import comment_reports
from rinde.core.antispam import RATE_LIMIT_MESSAGE, FormTokenSpent, check_rate_limit
from rinde.core.pagination import page_number
from rinde.core.public_cache import public_page
from rinde.fieldwork import services
from rinde.fieldwork.forms import AnswerForm, FieldCommentForm
from rinde.fieldwork.models import FieldComment
from rinde.plan import plans
from rinde.plan.models import Plan, Project

PAGE_SIZE = 20
STAFF_PAGE_SIZE = 30
COMMENT_LIMIT, COMMENT_PERIOD = 10, 60 * 10
FLAG_LIMIT, FLAG_PERIOD = 30, 60 * 10


def _comments():
    # Through the scoped Plan: a project's comments carry no entity key of their own.
    return FieldComment.objects.filter(project__plan__in=Plan.objects.all())


def public_project(plan_slug: str, code: str) -> Project:
    plan = plans.public_plan(plan_slug)
    return get_object_or_404(
        Project.objects.select_related("plan", "department"), plan=plan, code=code
    )


def comment_page(project: Project, number):
    """One page of a project's comments, newest first: two queries whatever the size (the
    count and the rows; the answer is on the row, the department is the project's)."""
    comments = (
        FieldComment.objects.filter(project=project)
        .defer("author_email", "author_key", "data_authorized_at", "authorization_version")
        .order_by("-created_at", "-pk")
    )
    return Paginator(comments, PAGE_SIZE).get_page(number)


@require_safe
@public_page
def comments(request: HttpRequest, plan_slug: str, code: str) -> HttpResponse:
    project = public_project(plan_slug, code)
    page = comment_page(project, request.GET.get("pagina"))
    return render(
        request,
        "fieldwork/comments.html",
        {"project": project, "plan": project.plan, "page": page, "query": ""},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def comment_form(request: HttpRequest, plan_slug: str, code: str) -> HttpResponse:
    project = public_project(plan_slug, code)
    form = FieldCommentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not check_rate_limit(
            request, "fieldwork:comment", limit=COMMENT_LIMIT, per_seconds=COMMENT_PERIOD
        ):
            form.is_valid()
            form.add_error(None, RATE_LIMIT_MESSAGE)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                comment = services.post_comment(
                    project,
                    request=request,
                    body=data["body"],
                    photo=data.get("photo"),
                    photo_alt=data["photo_alt"],
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
                # 303: the browser GETs the confirmation, never re-POSTs the comment.
                return HttpResponseRedirect(
                    reverse("fieldwork:received", args=[comment.tracking_code]), status=303
                )
    return render(
        request,
        "fieldwork/comment_form.html",
        {"project": project, "plan": project.plan, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
def received(request: HttpRequest, code: str) -> HttpResponse:
    """The confirmation and, later, the tracking page: the comment as published, its
    moderation state and the department's answer. Never the author's contact data."""
    comment = get_object_or_404(
        _comments().select_related("project__plan", "project__department"),
        tracking_code=code.upper(),
    )
    response = render(
        request, "fieldwork/received.html", {"comment": comment, "project": comment.project}
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def flag(request: HttpRequest, plan_slug: str, code: str, pk: int) -> HttpResponse:
    project = public_project(plan_slug, code)
    # Only a visible comment can be reported: a hidden one is already with the moderators.
    comment = get_object_or_404(FieldComment, pk=pk, project=project, status=CommentStatus.VISIBLE)
    back = page_number(request.GET.get("pagina"))
    form = FlagForm(request.POST or None)
    if request.method == "POST":
        url = reverse("fieldwork:comments", args=[project.plan.slug, project.code])
        done = comment_reports.take_report(
            request,
            form,
            report=partial(services.flag_comment, comment, request=request),
            scope="fieldwork:flag",
            limit=FLAG_LIMIT,
            per_seconds=FLAG_PERIOD,
            back_url=f"{url}?pagina={back}#c{comment.pk}",
        )
        if done:
            return done
    return render(
        request,
        "fieldwork/flag.html",
        {"project": project, "plan": project.plan, "c": comment, "form": form, "back": back},
        status=400 if form.errors else 200,
    )


# Staff ------------------------------------------------------------------------------------

# Who opens the staff list of project comments: communications to moderate, the
# departments to answer their own.
COMMENT_LIST_ROLES = (Role.COMMUNICATIONS, Role.PLANNING, Role.OFFICER)


def _visible_to(user):
    """Communications moderate every project's comments; a department answers its own."""
    qs = _comments().select_related("project__plan", "project__department")
    if permissions.has_role(user, Role.COMMUNICATIONS):
        return qs
    allowed = permissions.department_ids_for(user)
    return qs if allowed is None else qs.filter(project__department_id__in=allowed)


SECTIONS = {
    "revision": (
        _("Ocultos por reportes, esperando revisión"),
        {"status": CommentStatus.AUTO_HIDDEN},
    ),
    "reportados": (
        _("Reportados, todavía visibles"),
        {"status": CommentStatus.VISIBLE, "flag_count__gt": 0},
    ),
    "sin-respuesta": (
        _("Sin respuesta de la dependencia"),
        {"status": CommentStatus.VISIBLE, "answered_at__isnull": True},
    ),
    "todos": (_("Todos"), {}),
}


@staff_view(*COMMENT_LIST_ROLES)
def staff_list(request: HttpRequest) -> HttpResponse:
    section = request.GET.get("ver", "sin-respuesta")
    if section not in SECTIONS:
        section = "sin-respuesta"
    title, lookup = SECTIONS[section]
    items = _visible_to(request.user).filter(**lookup).order_by("-flag_count", "-created_at")
    page = Paginator(items, STAFF_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "fieldwork/staff_list.html",
        {
            "page": page,
            "query": f"ver={section}",
            "section": section,
            "title": title,
            "sections": [(key, label) for key, (label, _lookup) in SECTIONS.items()],
            "can_moderate": permissions.has_role(request.user, Role.COMMUNICATIONS),
            "can_answer": permissions.has_role(request.user, *services.ANSWERING_ROLES),
        },
    )


@staff_view(Role.COMMUNICATIONS)
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(_comments(), pk=pk)
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    try:
        if action in ("hide", "restore"):
            services.moderate(
                comment, actor=request.user, hide=action == "hide", reason=reason, request=request
            )
        elif action == "block":
            services.block_author(comment, actor=request.user, reason=reason, request=request)
        else:
            raise Http404
        messages.success(request, _("Listo."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(f"{reverse('fieldwork:staff_list')}?ver={_section(request)}")


def _section(request: HttpRequest) -> str:
    section = request.POST.get("ver") or request.GET.get("ver") or ""
    return section if section in SECTIONS else "sin-respuesta"


@staff_view(*services.ANSWERING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        _comments().select_related("project__plan", "project__department"), pk=pk
    )
    permissions.check_department(request.user, comment.project.department_id)
    form = AnswerForm(request.POST or None, initial={"answer": comment.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_comment(
                comment, actor=request.user, body=form.cleaned_data["answer"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Respuesta publicada."))
            return redirect(f"{reverse('fieldwork:staff_list')}?ver=todos")
    return render(
        request,
        "fieldwork/staff_answer.html",
        {"comment": comment, "project": comment.project, "form": form},
        status=400 if form.errors else 200,
    )
