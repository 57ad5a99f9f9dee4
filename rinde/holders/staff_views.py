"""The staff's side of holders' requests. Who handles them: the administrator and ICT
(legal.md names no office; the entity's personal-data officer usually sits in ICT or the
legal office, and ICT already runs the platform's data)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core import audit
from rinde.core.models import AuditEntry
from rinde.holders import services, sources
from rinde.holders.forms import AnswerForm, ExtensionForm
from rinde.holders.models import HolderRequest, RequestStatus

HANDLERS = (Role.ADMIN, Role.ICT)
PAGE_SIZE = 50


@staff_view(*HANDLERS)
def request_list(request: HttpRequest) -> HttpResponse:
    # Open ones first, earliest due date first (so overdue lead); then the answered ones,
    # the latest first.
    requests = HolderRequest.objects.annotate(
        closed=Case(
            When(status=RequestStatus.RECEIVED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("closed", "due_on", "-answered_at", "pk")
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "holders/panel/list.html",
        {
            "page": page,
            "query": "",
            "today": timezone.localdate(),
            "pending": services.pending_requests().count(),
        },
    )


@staff_view(*HANDLERS)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    holder_request = get_object_or_404(HolderRequest.objects.select_related("answered_by"), pk=pk)
    extending = request.method == "POST" and "reason" in request.POST
    form = AnswerForm(request.POST if request.method == "POST" and not extending else None)
    extension_form = ExtensionForm(request.POST if extending else None, prefix=None)
    if extending and extension_form.is_valid():
        try:
            services.extend_request(
                holder_request,
                actor=request.user,
                reason=extension_form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            extension_form.add_error(None, error)
        else:
            return redirect("holders:staff_detail", pk=pk)
    elif form.is_bound and form.is_valid():
        try:
            services.answer_request(
                holder_request,
                actor=request.user,
                answer=form.cleaned_data["answer"],
                apply=form.cleaned_data["apply"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("holders:staff_detail", pk=pk)
    elif request.method == "GET" and holder_request.is_open:
        # Reading a person's data is itself recorded: who looked, and when.
        with transaction.atomic():
            audit.record(
                actor=request.user,
                action="holders.request_viewed",
                target=holder_request,
                request=request,
            )
    collected = sources.collect_all(holder_request.email) if holder_request.email else []
    entries = AuditEntry.objects.for_list().filter(
        target_type=ContentType.objects.get_for_model(HolderRequest),
        target_id=str(holder_request.pk),
    )
    return render(
        request,
        "holders/panel/detail.html",
        {
            "holder_request": holder_request,
            "form": form,
            "extension_form": extension_form,
            "collected": collected,
            "entries": entries,
            "today": timezone.localdate(),
        },
    )
