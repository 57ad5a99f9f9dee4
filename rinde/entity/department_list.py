"""Departments typed as a list or read from a spreadsheet: pure parsing, so the preview and
the saving read the same rows.

One department per line (or row): its name, then optionally the head's name, the head's
title, an e-mail and a phone, separated by ";" or tabs (what a copy from a spreadsheet
gives). The kind is read from the name's first word (Secretaría, Departamento
Administrativo, Dirección, Oficina)."""

import re
from dataclasses import asdict, dataclass

from django.utils.text import slugify

from rinde.entity.models import DepartmentKind

FIELDS = ("name", "head_name", "head_title", "email", "phone")
HEADER_WORDS = {"nombre", "dependencia", "nombre de la dependencia"}
KIND_PREFIXES = [
    ("departamento administrativo", DepartmentKind.ADMINISTRATIVE_DEPARTMENT),
    ("secretaría", DepartmentKind.SECRETARIA),
    ("secretaria", DepartmentKind.SECRETARIA),
    ("dirección", DepartmentKind.DIRECTORATE),
    ("direccion", DepartmentKind.DIRECTORATE),
    ("oficina", DepartmentKind.OFFICE),
]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class DepartmentRow:
    line: int
    name: str
    kind: str
    head_name: str = ""
    head_title: str = ""
    email: str = ""
    phone: str = ""

    @property
    def code(self) -> str:
        return slugify(self.name)[:40]


def kind_for(name: str) -> str:
    lowered = name.lower()
    for prefix, kind in KIND_PREFIXES:
        if lowered.startswith(prefix):
            return kind
    return DepartmentKind.OTHER


def _cells(line: str) -> list[str]:
    separator = "\t" if "\t" in line else ";"
    return [" ".join(cell.split()) for cell in line.split(separator)]


def rows_from_text(text: str) -> tuple[list[DepartmentRow], list[str]]:
    return rows_from_cells([_cells(line) for line in text.splitlines()])


def rows_from_cells(table: list[list]) -> tuple[list[DepartmentRow], list[str]]:
    """(rows, errors). Blank lines and a header row are skipped; a name repeated in the list
    is an error, so nothing is saved twice by accident."""
    rows, errors, seen = [], [], set()
    for number, raw in enumerate(table, start=1):
        cells = ["" if c is None else " ".join(str(c).split()) for c in raw]
        cells = (cells + [""] * len(FIELDS))[: len(FIELDS)]
        values = dict(zip(FIELDS, cells, strict=True))
        name = values["name"]
        if not name or (number == 1 and name.lower() in HEADER_WORDS):
            continue
        if len(name) > 200:
            errors.append(f"Línea {number}: el nombre pasa de 200 caracteres.")
            continue
        if values["email"] and not EMAIL.match(values["email"]):
            errors.append(f"Línea {number}: «{values['email']}» no es un correo válido.")
            continue
        if not slugify(name):
            errors.append(f"Línea {number}: el nombre «{name}» no tiene letras ni números.")
            continue
        if name.lower() in seen:
            errors.append(f"Línea {number}: «{name}» ya está más arriba en la lista.")
            continue
        seen.add(name.lower())
        rows.append(DepartmentRow(line=number, kind=kind_for(name), **values))
    return rows, errors


def rows_as_data(rows: list[DepartmentRow]) -> list[dict]:
    """The rows as plain dicts, to keep a preview in the session (JSON)."""
    return [asdict(row) for row in rows]


def rows_from_data(data: list[dict]) -> list[DepartmentRow]:
    return [DepartmentRow(**values) for values in data]
