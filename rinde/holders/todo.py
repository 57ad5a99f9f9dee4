"""Holders'-rights requests (Ley 1581 de 2012) in the staff to-do list (accounts.todo): each
open request with its legal due date (10 business days for a consulta, 15 for a reclamo),
for the roles that answer them."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from rinde.accounts import permissions
from rinde.accounts.todo import Pending
from rinde.holders.services import pending_requests
from rinde.holders.staff_views import HANDLERS

# Requests are few; past this many the list links to the panel's own page for the rest.
LISTED = 20


def pending_for(user, today: date) -> list[Pending]:
    if not permissions.has_role(user, *HANDLERS):
        return []
    requests = list(pending_requests()[: LISTED + 1])
    items = [
        Pending(
            what=_("Responder la solicitud %(code)s: %(kind)s")
            % {"code": request.tracking_code, "kind": request.get_kind_display()},
            why=_("Derechos del titular de datos personales (Ley 1581 de 2012, arts. 14 y 15)."),
            url=reverse("holders:staff_detail", args=[request.pk]),
            menu="holders:staff_list",
            due_on=request.due_on,
        )
        for request in requests[:LISTED]
    ]
    if len(requests) > LISTED:
        items.append(
            Pending(
                what=_("Ver las demás solicitudes de titulares de datos"),
                why=_("Hay más solicitudes abiertas de las que caben en esta lista."),
                url=reverse("holders:staff_list"),
                menu="holders:staff_list",
            )
        )
    return items
