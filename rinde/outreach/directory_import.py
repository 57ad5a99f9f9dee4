"""The media directory from a CSV (medio, alcance, tipo, correo): every error by row and
column, all rows or none. The panel parses the upload for a preview, keeps the rows (plain
dicts, JSON for the session) with core.upload_preview, and imports them when staff
confirm."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rinde.core import audit, safe_read
from rinde.core.email_address import check_email_address
from rinde.entity.models import Entity
from rinde.outreach.models import MediaContact, Medium, Scope
from rinde.questions.similarity import normalize

MAX_BYTES = 2 * 1024 * 1024
LIMITS = safe_read.Limits(max_rows=20_000, max_lines=100_000, sniff_chars=2048)
COLUMNS = {"medio": "outlet", "alcance": "scope", "tipo": "medium", "correo": "email"}
SCOPES = {normalize(str(label)): value for value, label in Scope.choices} | {
    v: v for v in Scope.values
}
MEDIUMS = {normalize(str(label)): value for value, label in Medium.choices} | {
    v: v for v in Medium.values
}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


def parse_directory(data: bytes, *, known_emails: set[str]):
    """→ (rows as dicts, [RowError])."""
    if len(data) > MAX_BYTES:
        return [], [RowError(0, "", "El archivo pesa más de 2 MB.")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [], [
            RowError(
                0,
                "",
                f"El archivo no está en UTF-8 (byte {error.start}). Guárdelo como «CSV UTF-8».",
            )
        ]
    try:
        records = safe_read.read_csv(text, LIMITS)
    except safe_read.ReadError as error:
        return [], [RowError(p.row, p.column, p.message) for p in error.problems]
    reader = iter(records)
    header = [normalize(h.strip()) for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [
            RowError(1, m, f"Falta la columna «{m}». Columnas: medio, alcance, tipo, correo.")
            for m in missing
        ]
    index = {COLUMNS[c]: header.index(c) for c in COLUMNS}
    rows, errors, seen = [], [], set()
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        cell = {key: (record[i].strip() if i < len(record) else "") for key, i in index.items()}
        row_errors = []
        if not cell["outlet"]:
            row_errors.append(RowError(line, "medio", "Falta el nombre del medio."))
        scope = SCOPES.get(normalize(cell["scope"]))
        if scope is None:
            row_errors.append(
                RowError(
                    line, "alcance", f"«{cell['scope'][:30]}» no es local, regional ni nacional."
                )
            )
        medium = MEDIUMS.get(normalize(cell["medium"]))
        if medium is None:
            row_errors.append(
                RowError(
                    line,
                    "tipo",
                    f"«{cell['medium'][:30]}» no es radio, televisión, prensa escrita ni digital.",
                )
            )
        email = cell["email"].lower()
        try:
            check_email_address(email)
        except ValidationError:
            row_errors.append(RowError(line, "correo", f"«{email[:60]}» no es un correo válido."))
        else:
            if email in seen:
                row_errors.append(
                    RowError(line, "correo", f"El correo {email} está repetido en el archivo.")
                )
            elif email in known_emails:
                row_errors.append(
                    RowError(line, "correo", f"El correo {email} ya está en el directorio.")
                )
        seen.add(email)
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append(
                {"outlet": cell["outlet"][:200], "scope": scope, "medium": medium, "email": email}
            )
    if not rows and not errors:
        errors.append(RowError(2, "", "El archivo no tiene filas."))
    return rows, errors


def known_emails(entity: Entity) -> set[str]:
    """The addresses already in the entity's directory (an address is there once)."""
    return set(MediaContact.objects.filter(entity_id=entity.pk).values_list("email", flat=True))


def import_contacts(rows: list[dict], *, entity: Entity, actor, request=None) -> int:
    """Add the previewed rows to the entity's directory, all of them or none; returns how
    many. An address added since the preview (another tab, a colleague) refuses the whole
    file with a ValidationError naming it."""
    if entity.pk is None:
        # Before the first-run set-up: no entity to file the contacts under.
        raise ValidationError(_("Registre primero los datos de la entidad."))
    with transaction.atomic():
        emails = [row["email"] for row in rows]
        listed = sorted(
            MediaContact.objects.filter(entity=entity, email__in=emails).values_list(
                "email", flat=True
            )
        )
        if listed:
            raise ValidationError(
                _(
                    "Desde la vista previa se agregaron al directorio %(emails)s. No se importó "
                    "nada: suba el archivo otra vez para ver su vista previa actualizada."
                )
                % {"emails": ", ".join(listed)}
            )
        MediaContact.objects.bulk_create([MediaContact(entity=entity, **row) for row in rows])
        audit.record(
            actor=actor,
            action="outreach.directory.import",
            changes={"contacts": len(rows)},
            request=request,
        )
    return len(rows)
