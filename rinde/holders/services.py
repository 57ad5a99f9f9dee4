"""A holder's requests: filed, answered (applying the change when the law allows), and the
list staff work from. Each change of state is one transaction with its audit entry."""

import json
import secrets
from collections.abc import Iterator
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rinde.core import audit
from rinde.core.antispam import spend_form_token
from rinde.core.public_cache import refresh_public_pages
from rinde.entity.calendar import work_calendar
from rinde.entity.models import Entity
from rinde.holders import access, sources, tasks, terms
from rinde.holders.models import AccessLink, HolderRequest, RequestKind, RequestStatus

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_code() -> str:
    while True:
        code = "DP-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        # Unique site-wide (the code alone finds the request): every entity's codes count.
        if not HolderRequest.objects.across_entities().filter(tracking_code=code).exists():
            return code


def pending_requests():
    """The open requests, the most urgent first (overdue ones lead): for the staff panel
    and, later, the staff to-do list."""
    return HolderRequest.objects.filter(status=RequestStatus.RECEIVED).order_by("due_on", "pk")


def requests_for(email: str):
    return HolderRequest.objects.filter(email__iexact=email).order_by("-received_at")


def file_request(
    *,
    email: str,
    kind: str,
    details: str = "",
    new_email: str = "",
    new_phone: str = "",
    user=None,
    request=None,
    now=None,
    form_token: str = "",
) -> HolderRequest:
    """Store a request with its legal due date (holders.terms) and send its receipt."""
    if kind == RequestKind.CORRECTION and not (new_email or new_phone):
        raise ValidationError(_("Escriba el correo o el teléfono nuevo."))
    now = now or timezone.now()
    received_on, due_on, term = terms.due_date(
        timezone.localtime(now),
        kind,
        work_calendar(),
        Entity.objects.current().office_hours_cutoff,
    )
    with transaction.atomic():
        if form_token:
            spend_form_token(form_token)
        holder_request = HolderRequest.objects.create(
            tracking_code=_new_code(),
            kind=kind,
            email=email,
            user=user if user is not None and user.is_authenticated else None,
            details=details.strip(),
            new_email=new_email.strip(),
            new_phone=new_phone.strip(),
            received_at=now,
            received_on=received_on,
            term_days=term.days,
            term_source=term.source,
            due_on=due_on,
        )
        audit.record(
            actor=user,
            action="holders.request_filed",
            target=holder_request,
            changes={"tipo": kind, "vence": due_on},
            request=request,
        )
        transaction.on_commit(
            partial(tasks.send_request_receipt.enqueue, holder_request.pk), robust=True
        )
    return holder_request


def answer_request(
    holder_request: HolderRequest, *, actor, answer: str, apply: bool, request=None
) -> dict[str, int]:
    """Answer a request; with `apply`, make the change it asks for in every source (a
    correction of the contact data, or the anonymization that a revocation or a deletion
    asks for). Returns the rows changed per source."""
    changed: dict[str, int] = {}
    with transaction.atomic():
        holder_request = HolderRequest.objects.select_for_update().get(pk=holder_request.pk)
        if not holder_request.is_open:
            raise ValidationError(_("Esta solicitud ya fue respondida."))
        if apply and holder_request.kind != RequestKind.CONSULTATION:
            changed = apply_change(holder_request)
        holder_request.answer = answer.strip()
        holder_request.applied = bool(changed) or (
            apply and holder_request.kind != RequestKind.CONSULTATION
        )
        holder_request.status = RequestStatus.ANSWERED
        holder_request.answered_at = timezone.now()
        holder_request.answered_by = actor
        holder_request.save()
        audit.record(
            actor=actor,
            action="holders.request_answered",
            target=holder_request,
            changes={"aplicada": holder_request.applied, "filas": changed},
            request=request,
        )
        transaction.on_commit(
            partial(tasks.send_request_answer.enqueue, holder_request.pk), robust=True
        )
    return changed


def extend_request(holder_request: HolderRequest, *, actor, reason: str, request=None, today=None):
    """Extend the term once, before it ends, with reasons told to the holder (arts. 14 and
    15: five business days more for a consulta, eight for a reclamo)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        holder_request = HolderRequest.objects.select_for_update().get(pk=holder_request.pk)
        if not holder_request.is_open:
            raise ValidationError(_("Esta solicitud ya fue respondida."))
        try:
            new_due_on = terms.extended_due_date(
                kind=holder_request.kind,
                due_on=holder_request.due_on,
                today=today,
                already_extended=holder_request.extended_at is not None,
                calendar=work_calendar(),
            )
        except terms.ExtensionError as error:
            raise ValidationError(str(error)) from None
        before = holder_request.due_on
        holder_request.due_on = new_due_on
        holder_request.extension_reason = reason.strip()
        holder_request.extended_at = timezone.now()
        holder_request.save(update_fields=["due_on", "extension_reason", "extended_at"])
        audit.record(
            actor=actor,
            action="holders.request_extended",
            target=holder_request,
            changes={"vence": [before, new_due_on], "motivo": holder_request.extension_reason},
            request=request,
        )
        transaction.on_commit(
            partial(tasks.send_request_extension.enqueue, holder_request.pk), robust=True
        )
    return holder_request


def apply_change(holder_request: HolderRequest) -> dict[str, int]:
    """Run the request's change over every source; inside the caller's transaction."""
    email = holder_request.email
    changed = {}
    for source in sources.SOURCES:
        if holder_request.kind == RequestKind.CORRECTION:
            count = source.correct(email, holder_request.new_email, holder_request.new_phone)
        else:
            count = source.anonymize(email)
        if count:
            changed[str(source.label)] = count
    if holder_request.kind != RequestKind.CORRECTION:
        AccessLink.objects.filter(email__iexact=email).delete()
    if changed:
        # A published name or comment may have changed: no cached page keeps the old one.
        refresh_public_pages()
    return changed


def send_access_link(email: str, *, form_token: str = "") -> None:
    """Queue a link to see the data tied to `email`. Says nothing about whether anything is
    tied to it: the address is not even looked up here, and the page after is the same."""
    with transaction.atomic():
        if form_token:
            spend_form_token(form_token)
        link = access.create_link(email)
        if link is not None:
            transaction.on_commit(partial(tasks.send_access_link.enqueue, link.pk), robust=True)


# --- The holder's download ---------------------------------------------------------------


def export_data(email: str) -> dict:
    return {
        "titular": email,
        "generado": timezone.now().isoformat(),
        "fuentes": [
            {"fuente": label, "elementos": items} for label, items in sources.collect_all(email)
        ],
        "solicitudes": [
            {
                "código": r.tracking_code,
                "tipo": str(r.get_kind_display()),
                "estado": str(r.get_status_display()),
                "recibida": r.received_at.isoformat(),
                "vence": r.due_on.isoformat(),
                "respuesta": r.answer,
            }
            for r in requests_for(email)
        ],
    }


def export_json(email: str) -> str:
    return json.dumps(export_data(email), ensure_ascii=False, indent=2)


EXPORT_HEADER = ["fuente", "elemento", "campo", "valor"]


def export_rows(email: str) -> Iterator[list]:
    """One row per value: fuente, elemento (its number within the source), campo, valor;
    written out by core.streaming.csv_response under EXPORT_HEADER."""
    data = export_data(email)
    for block in data["fuentes"]:
        for number, item in enumerate(block["elementos"], start=1):
            for field, value in item.items():
                yield [block["fuente"], number, field, value]
    for number, item in enumerate(data["solicitudes"], start=1):
        for field, value in item.items():
            yield [_("Solicitudes sobre sus datos"), number, field, value]
