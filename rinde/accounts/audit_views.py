import json
from datetime import UTC

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core import audit, streaming
from rinde.core.forms import AuditFilterForm
from rinde.core.models import AuditEntry
from rinde.entity.models import Entity
from rinde.entity.scoped import several_entities

AUDIT_PAGE_SIZE = 50
EXPORT_FORMATS = ("csv", "xlsx")


def entries_of():
    """The audit entries an entity's administrator reads: with several entities, their
    entity's own (the chain is the installation's; each entry names its entity); on a
    single-entity installation, every entry, as before entities were counted."""
    entries = AuditEntry.objects.for_list()
    if several_entities(Entity):
        entries = entries.filter(entity_id=Entity.objects.current().pk)
    return entries


@staff_view(Role.ADMIN)
def audit_list(request: HttpRequest) -> HttpResponseBase:
    form = AuditFilterForm(request.GET or None)
    entries = entries_of()
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    query = request.GET.copy()
    query.pop("pagina", None)
    export = query.pop("formato", [""])[-1]
    if export in EXPORT_FORMATS and not form.errors:
        return _export(request, entries, export, filters=query.dict())
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("pagina"))
    for entry in page.object_list:
        entry.change_rows = audit.change_rows(entry.changes)
    return render(
        request,
        "accounts/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _export(request: HttpRequest, entries, export: str, *, filters: dict) -> HttpResponseBase:
    # Who took a copy of the trail, and of which part, is itself part of the trail.
    audit.record_event(
        actor=request.user,
        action="core.audit.export",
        changes={"format": export, "filters": filters},
        request=request,
    )
    header = [
        _("Fecha (UTC)"),
        _("Usuario"),
        _("Acción"),
        _("Tipo de objeto"),
        _("Id del objeto"),
        _("Objeto"),
        _("Cambios"),
        _("Dirección IP"),
        _("Hash"),
    ]
    rows = (
        [
            entry.created_at.astimezone(UTC).isoformat(timespec="seconds"),
            entry.actor_label,
            entry.action,
            f"{entry.target_type.app_label}.{entry.target_type.model}" if entry.target_type else "",
            entry.target_id,
            entry.target_label,
            json.dumps(entry.changes, ensure_ascii=False, sort_keys=True),
            entry.ip_address or "",
            entry.entry_hash,
        ]
        for entry in entries.iterator(chunk_size=2000)
    )
    filename = f"auditoria-{timezone.localdate():%Y-%m-%d}.{export}"
    if export == "xlsx":
        return streaming.xlsx_response(filename, header, rows, sheet="auditoria")
    return streaming.csv_response(filename, header, rows)
