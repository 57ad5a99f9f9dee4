"""The holder's own pages (Ley 1581 de 2012, art. 8: know, update, correct, revoke,
delete). Nothing here is cached: each page but the first shows one person's data."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rinde.core import streaming
from rinde.core.antispam import RATE_LIMIT_MESSAGE, FormTokenSpent, check_rate_limit
from rinde.holders import access, services, sources
from rinde.holders.forms import LinkForm, RequestForm
from rinde.holders.models import HolderRequest


def _see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Ask for a link by e-mail. The answer is the same page whether or not the address is
    known: it is not even looked up (services.send_access_link)."""
    email = access.holder_email(request)
    form = LinkForm(request.POST or None)
    if request.method == "POST":
        if not check_rate_limit(request, "holders.link", limit=5, per_seconds=3600):
            form.is_valid()
            form.add_error(None, RATE_LIMIT_MESSAGE)
        elif form.is_valid():
            try:
                services.send_access_link(form.cleaned_data["email"], form_token=form.form_token)
            except FormTokenSpent:
                form.refuse_spent_token()
            else:
                return _see_other(reverse("holders:sent"))
    login_url = reverse("accounts:login") + "?next=" + reverse("holders:start")
    return render(
        request,
        "holders/start.html",
        {"form": form, "holder_email": email, "login_url": login_url},
    )


@never_cache
@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "holders/sent.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def enter(request: HttpRequest, token: str) -> HttpResponse:
    """A GET only shows the button (mail scanners follow links); the POST spends the link."""
    if request.method == "POST":
        if access.spend(token, request):
            return _see_other(reverse("holders:data"))
        return render(request, "holders/enter.html", {"valid": False}, status=410)
    valid = access.link_for(token) is not None
    return render(request, "holders/enter.html", {"valid": valid}, status=200 if valid else 410)


def _holder_or_start(request: HttpRequest) -> str | HttpResponse:
    email = access.holder_email(request)
    return email if email else redirect("holders:start")


@never_cache
@require_safe
def data(request: HttpRequest) -> HttpResponse:
    email = _holder_or_start(request)
    if isinstance(email, HttpResponse):
        return email
    return render(request, "holders/data.html", _data_context(email, RequestForm()))


def _data_context(email: str, form: RequestForm) -> dict:
    collected = sources.collect_all(email)
    return {
        "holder_email": email,
        "collected": collected,
        "total": sum(len(items) for _label, items in collected),
        "requests": list(services.requests_for(email)),
        "form": form,
    }


@never_cache
@require_safe
def download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    email = _holder_or_start(request)
    if isinstance(email, HttpResponse):
        return email
    if fmt not in ("json", "csv"):
        raise Http404
    if fmt == "csv":
        return streaming.csv_response(
            "mis-datos-personales.csv", services.EXPORT_HEADER, services.export_rows(email)
        )
    response = HttpResponse(
        services.export_json(email), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mis-datos-personales.json"'
    return response


@never_cache
@require_POST
def file_request(request: HttpRequest) -> HttpResponse:
    email = _holder_or_start(request)
    if isinstance(email, HttpResponse):
        return email
    form = RequestForm(request.POST)
    if not check_rate_limit(request, "holders.request", limit=10, per_seconds=3600):
        form.is_valid()
        form.add_error(None, RATE_LIMIT_MESSAGE)
    elif form.is_valid():
        try:
            holder_request = services.file_request(
                email=email,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
                new_email=form.cleaned_data["new_email"],
                new_phone=form.cleaned_data["new_phone"],
                user=request.user,
                request=request,
                form_token=form.form_token,
            )
        except FormTokenSpent:
            form.refuse_spent_token()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _see_other(reverse("holders:request_done", args=[holder_request.tracking_code]))
    return render(request, "holders/data.html", _data_context(email, form), status=200)


@never_cache
@require_safe
def request_done(request: HttpRequest, code: str) -> HttpResponse:
    email = _holder_or_start(request)
    if isinstance(email, HttpResponse):
        return email
    holder_request = get_object_or_404(HolderRequest, tracking_code=code)
    if holder_request.email.casefold() != email.casefold():
        raise Http404
    return render(request, "holders/request_done.html", {"holder_request": holder_request})


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    access.end_session(request)
    return _see_other(reverse("holders:start"))
