from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core.forms import AuditFilterForm
from rinde.core.models import AuditEntry

AUDIT_PAGE_SIZE = 50


@staff_view(Role.ADMIN)
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.for_list()
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
