"""Public pages: every feed and calendar, the subscription forms, and the signed links of
the e-mails (confirm, unsubscribe). Each link's GET only asks, with a button: mail scanners
that open links must neither confirm nor unsubscribe anyone."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from rinde.core.antispam import RATE_LIMIT_MESSAGE, FormTokenSpent, check_rate_limit
from rinde.core.public_cache import public_page
from rinde.exercises.models import Exercise
from rinde.plan.models import Plan, Project
from rinde.questions.models import Question
from rinde.subscriptions import emails, links, services
from rinde.subscriptions.forms import SubscriptionForm
from rinde.subscriptions.models import Topic

# A few addresses a person might follow in a sitting; a script gets no further.
RATE_LIMIT = (10, 60 * 10)


@require_safe
@public_page
def index(request: HttpRequest) -> HttpResponse:
    """Every feed and calendar of the site, and the e-mail subscriptions."""
    exercises = list(Exercise.objects.published().order_by("-year", "slug")[:10])
    return render(request, "subscriptions/index.html", {"exercises": exercises})


def _subscribe(request, *, topic: str, context: dict, project=None, question=None):
    form = SubscriptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        limit, per_seconds = RATE_LIMIT
        if not check_rate_limit(request, "subscribe", limit=limit, per_seconds=per_seconds):
            form.is_valid()
            form.add_error(None, RATE_LIMIT_MESSAGE)
        elif form.is_valid():
            try:
                services.subscribe(
                    email=form.cleaned_data["email"],
                    topic=topic,
                    project=project,
                    question=question,
                    form_token=form.form_token,
                )
            except FormTokenSpent:
                form.refuse_spent_token()
            else:
                # 303: the browser must GET the next page, never post the address again.
                return HttpResponseRedirect(reverse("subscriptions:pending"), status=303)
    return render(
        request,
        "subscriptions/subscribe.html",
        {"form": form, **context},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_bulletins(request: HttpRequest) -> HttpResponse:
    return _subscribe(
        request,
        topic=Topic.BULLETINS,
        context={
            "what": _("los boletines de prensa"),
            "back": reverse("outreach:bulletins"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_project(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.select_related("plan"), pk=pk, plan__in=Plan.objects.all()
    )
    return _subscribe(
        request,
        topic=Topic.PROJECT,
        project=project,
        context={
            "what": _("el proyecto %(project)s") % {"project": project},
            "back": reverse("plan:project", args=[project.plan.slug, project.code]),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_question(request: HttpRequest, code: str) -> HttpResponse:
    question = get_object_or_404(Question.objects.public(), tracking_code=code.upper())
    return _subscribe(
        request,
        topic=Topic.QUESTION,
        question=question,
        context={
            "what": _("la pregunta %(code)s") % {"code": question.tracking_code},
            "back": reverse("questions:detail", args=[question.tracking_code]),
        },
    )


@require_safe
def pending(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/pending.html", {"days": links.CONFIRM_DAYS})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = links.pending_from_token(token)
    if subscription is None:
        return render(
            request,
            "subscriptions/confirm.html",
            {"invalid": True, "days": links.CONFIRM_DAYS},
            status=404,
        )
    done = subscription.is_active
    if request.method == "POST":
        services.confirm(subscription)
        done = True
    return render(
        request,
        "subscriptions/confirm.html",
        {"subscription": subscription, "what": emails.describe(subscription), "done": done},
    )


# The mail program's one-click POST (RFC 8058) carries no CSRF token: the signed link is
# what authorizes it, and unsubscribing is all it can do.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = links.subscription_from_unsubscribe_token(token)
    if subscription is None:
        return render(request, "subscriptions/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.unsubscribe(subscription)
    return render(
        request,
        "subscriptions/unsubscribe.html",
        {
            "subscription": subscription,
            "what": emails.describe(subscription),
            "done": subscription.unsubscribed_at is not None,
        },
    )
