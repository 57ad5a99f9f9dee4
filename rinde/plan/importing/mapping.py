"""Which of a file's columns hold which of Rinde's fields.

Planning offices keep the Plan Indicativo in their own sheets: the DNP/KPT layout, the
Portal Territorial's, MGA/SUIFP terms, municipal variants, with titles over two or three
rows ("Programado" over "2024", "2025"…). So an import first finds the header rows
(`detect_header`), proposes a field for each column from its title (`propose`, through
SYNONYMS, accents, case, spaces and punctuation ignored), lets the planner confirm or
correct it, and keeps the choice per file layout (`ColumnMapping`, by the header's
`signature`) so the next upload of the same sheet goes straight to the preview. Then
`apply` turns the file into rows in Rinde's own layout, the columns it does not read are
listed once, and only those it reads can hold a problem (a formula without a value, a
merged numeric cell)."""

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from operator import itemgetter

from rinde.core import numbers
from rinde.core.safe_read_sandbox import column_letter
from rinde.plan.importing.problems import CellError
from rinde.plan.importing.reader import Table

HEADER_SEARCH_ROWS = 10
SEPARATOR_NOTES = {
    ",": "Los números escritos como texto usan coma decimal (1.234,5): así se leyeron.",
    ".": "Los números escritos como texto usan punto decimal (1,234.5): así se leyeron.",
}
MAX_HEADER_HEIGHT = 3


def normalize(title) -> str:
    """ "Código  BPIN:" → "codigo bpin": no accents, case, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", str(title or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


@dataclass(frozen=True)
class Field:
    """One of Rinde's columns: `title` is the layout's own (what the parsers read)."""

    title: str
    required: bool = False
    numeric: bool = False
    synonyms: tuple[str, ...] = ()


# Titles seen in DNP's Plan Indicativo (KPT), the Portal Territorial, MGA/SUIFP and
# municipal tracking sheets, normalized, most specific first. Rinde's own title is always
# a synonym too.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "Código línea": (
        "codigo linea estrategica",
        "codigo eje estrategico",
        "codigo eje",
        "codigo dimension",
        "codigo pilar",
        "cod linea",
        "cod eje",
    ),
    "Línea estratégica": (
        "nombre linea estrategica",
        "linea estrategica",
        "eje estrategico",
        "nombre eje",
        "eje",
        "dimension",
        "pilar",
        "linea",
    ),
    "Peso línea": ("peso linea estrategica", "ponderacion linea", "peso eje"),
    "Código componente": (
        "codigo sector mga",
        "codigo sector",
        "cod sector",
        "codigo componente sector",
    ),
    "Componente / sector": (
        "sector mga",
        "sector de inversion",
        "nombre sector",
        "sector",
        "componente",
    ),
    "Peso componente": ("peso sector", "ponderacion sector", "ponderacion componente"),
    "Código programa": (
        "codigo programa presupuestal",
        "codigo programa mga",
        "codigo del programa",
        "cod programa",
    ),
    "Programa": (
        "programa presupuestal",
        "nombre del programa",
        "nombre programa",
        "programa mga",
    ),
    "Indicador de resultado": ("indicador resultado", "nombre indicador de resultado"),
    "Línea base del resultado": (
        "linea base resultado",
        "linea base indicador de resultado",
        "lb resultado",
    ),
    "Meta del resultado": ("meta resultado", "meta de resultado", "meta cuatrienio resultado"),
    "Peso programa": ("ponderacion programa",),
    "Código proyecto": (
        "codigo del proyecto",
        "cod proyecto",
        "id proyecto",
        "codigo interno proyecto",
    ),
    "Proyecto": (
        "nombre del proyecto",
        "nombre proyecto",
        "proyecto de inversion",
        "nombre proyecto de inversion",
    ),
    "BPIN": ("codigo bpin", "bpin proyecto", "codigo bpin del proyecto", "codigo suifp"),
    "Dependencia responsable": (
        "secretaria responsable",
        "dependencia lider",
        "responsable",
        "dependencia",
        "secretaria",
        "responsable de la meta",
    ),
    "Peso proyecto": ("ponderacion proyecto",),
    "Código MGA": (
        "codigo indicador mga",
        "codigo indicador de producto mga",
        "codigo indicador de producto",
        "codigo indicador producto",
        "codigo producto mga",
        "codigo mga",
    ),
    "Código indicador": (
        "codigo meta de producto",
        "codigo meta producto",
        "codigo de la meta",
        "codigo meta",
        "id meta",
        "no meta",
        "numero de meta",
        "numero meta",
        "cod indicador",
    ),
    "Indicador": (
        "indicador de producto",
        "nombre del indicador",
        "nombre indicador",
        "indicador producto",
        "meta de producto",
        "descripcion de la meta",
    ),
    "Unidad": ("unidad de medida", "unidad medida", "um"),
    "Tendencia (I/M/R)": ("tendencia", "tipo de meta", "tipo meta", "comportamiento"),
    "Línea base": ("linea base indicador", "linea base producto", "linea base de producto", "lb"),
    "Meta cuatrienio": (
        "meta del cuatrienio",
        "meta cuatrienal",
        "valor meta cuatrienio",
        "meta de producto cuatrienio",
        "meta plan",
        "meta total",
        "meta total cuatrienio",
    ),
    "Peso indicador": ("peso meta", "ponderacion meta", "ponderacion", "peso"),
    # The cut.
    "Ejecutado en el mes": (
        "ejecutado en el periodo",
        "avance del periodo",
        "valor ejecutado",
        "ejecutado",
        "avance",
        "logro",
    ),
    "Apropiación": (
        "apropiacion definitiva",
        "apropiacion vigente",
        "presupuesto definitivo",
        "recursos apropiados",
        "presupuesto",
    ),
    "Compromisos": ("registros presupuestales", "comprometido", "compromisos rp"),
    "Obligaciones": ("obligado", "obligaciones presupuestales"),
    "Pagos": ("pagado", "pagos realizados"),
}
PLANNED = {"meta", "metas", "programado", "programada", "programacion", "prog", "planeado"}
DONE = {"ejecutado", "ejecutada", "ejecucion", "avance", "logro", "logrado", "ejec"}


@functools.cache
def synonyms_of(title: str) -> frozenset[str]:
    return frozenset((normalize(title), *SYNONYMS.get(title, ())))


@dataclass
class Header:
    """Where the titles are (0-based first row, how many rows) and each column's title,
    as shown (the rows' texts joined with " · ") and as matched (normalized)."""

    start: int
    height: int
    titles: list[str]
    keys: list[str]
    # Each column's normalized title per header row, top first (a group title, then the
    # column's own): a field may match the lower rows' part alone.
    parts: list[list[str]] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        """The 1-based number of the first row after the titles."""
        return self.start + self.height + 1

    def signature(self) -> str:
        return hashlib.sha256("|".join(self.keys).encode()).hexdigest()

    def label(self, index: int) -> str:
        title = self.titles[index] if index < len(self.titles) else ""
        return f"{column_letter(index)} · {title}" if title else column_letter(index)


def detect_header(table: Table, fields: list[Field]) -> Header:
    """The rows among the first HEADER_SEARCH_ROWS, one to MAX_HEADER_HEIGHT high, whose
    titles match the most fields; on a tie the shortest titles, then the earliest."""
    filled = _header_cells(table)
    best = None
    for start in range(min(HEADER_SEARCH_ROWS, len(filled))):
        for height in range(1, MAX_HEADER_HEIGHT + 1):
            if start + height > len(filled):
                break
            header = _compose(filled[start : start + height], start, height)
            columns = propose(header, fields)
            # More fields found first; then the shorter titles, so a sheet's own title
            # row above the column titles is not taken for part of them.
            words = sum(len(header.keys[at].split()) for at in columns.values())
            score = (len(columns), -words)
            if best is None or score > best[0]:
                best = (score, header)
    return best[1] if best else Header(0, 1, [], [])


def header_at(table: Table, start: int, height: int) -> Header:
    """The header found before (a job keeps only where it was)."""
    return _compose(_header_cells(table)[start : start + height], start, height)


def _header_cells(table: Table) -> list[list]:
    """The top rows, with each merged range's value copied to all its cells (a title
    merged over "2024" and "2025" belongs to both)."""
    limit = HEADER_SEARCH_ROWS + MAX_HEADER_HEIGHT
    rows = [list(row) for row in table.rows[:limit]]
    for (top, left), (bottom, right) in table.merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= right:
                row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value
    return rows


def _compose(rows: list[list], start: int, height: int) -> Header:
    width = max((len(row) for row in rows), default=0)
    titles, keys, row_parts = [], [], []
    for index in range(width):
        parts: list[tuple[str, str]] = []
        for row in rows:
            raw = row[index] if index < len(row) else None
            text = " ".join(str(raw).split()) if raw not in (None, "") else ""
            key = normalize(text)
            if key and (not parts or parts[-1][1] != key):
                parts.append((text, key))
        titles.append(" · ".join(t for t, _k in parts))
        keys.append(" ".join(k for _t, k in parts))
        row_parts.append([k for _t, k in parts])
    return Header(start, height, titles, keys, row_parts)


def propose(header: Header, fields: list[Field]) -> dict[str, int]:
    """{field title: column index} for the fields whose title or a synonym is a column's
    title (or its lowest rows' part, under a group title). A column serves one field."""
    taken: set[int] = set()
    columns: dict[str, int] = {}
    candidates = [_endings(parts) for parts in header.parts]
    for f in fields:
        year = _year_field(f.title)
        synonyms = synonyms_of(f.title)
        for index, endings in enumerate(candidates):
            if index in taken or not endings:
                continue
            if year is not None:
                # The lowest two rows ("Programado" over "2024"): a title row above
                # them ("Plan 2024-2027") would name every year.
                hit = _is_year_column(endings[max(len(endings) - 2, 0)], *year)
            else:
                hit = not synonyms.isdisjoint(endings)
            if hit:
                columns[f.title] = index
                taken.add(index)
                break
    # Each field takes the first free column, left to right, that one of its titles
    # names; fields go in the layout's order, so a column two fields could take goes to
    # the earlier (e.g. "Código indicador de producto" to "Código MGA").
    return columns


def _endings(parts: list[str]) -> list[str]:
    """A composed title, then without its upper rows: "metas meta cuatrienio" (a group
    title "Metas" above "Meta cuatrienio") also matches "meta cuatrienio". Never part of
    one row's title: "Peso indicador" is not "Indicador"."""
    return [" ".join(parts[i:]) for i in range(len(parts))]


YEAR_TITLE = re.compile(r"^(Meta|Ejecutado) (\d{4})(?: T([1-4]))?$")


def _year_field(title: str):
    found = YEAR_TITLE.match(title)
    if not found:
        return None
    return found.group(1), int(found.group(2)), found.group(3)


def _is_year_column(key: str, verb: str, year: int, quarter: str | None) -> bool:
    words = key.split()
    if str(year) not in words:
        return False
    planned, done = bool(PLANNED & set(words)), bool(DONE & set(words))
    if verb == "Meta" and not (planned and not done):
        return False
    if verb == "Ejecutado" and not done:
        return False
    quarters = _quarter_of(words)
    return quarters == quarter


def _quarter_of(words: list[str]) -> str | None:
    for at, word in enumerate(words):
        if re.fullmatch(r"t[1-4]", word) or re.fullmatch(r"[1-4]t", word):
            return word.strip("t")
        if word in ("trimestre", "trim") and at + 1 < len(words) and words[at + 1] in "1234":
            return words[at + 1]
        if word in ("i", "ii", "iii", "iv") and "trimestre" in words:
            return str(("i", "ii", "iii", "iv").index(word) + 1)
    return None


@dataclass
class Mapped:
    """The file in Rinde's layout: a header of Rinde's titles then the data rows, the
    1-based number of the first data row, the file's column letter for each title, and
    what applying the mapping found."""

    rows: list
    first_row: int
    letters: dict[str, str]
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)
    # The file's decimal separator as its numbers typed as text show it ("," or "."),
    # None when none tells (then Colombian).
    separator: str | None = None


def apply(
    table: Table,
    header: Header,
    columns: dict[str, int],
    fields: list[Field],
    *,
    quiet: set[str] = frozenset(),
) -> Mapped:
    """Pick the mapped columns of every data row, in the fields' order. The columns not
    read are listed once, but those whose normalized title is in `quiet`."""
    used = [(f, columns[f.title]) for f in fields if f.title in columns]
    letters = {f.title: column_letter(at) for f, at in used}
    titles = [f.title for f, _at in used]
    first = header.start + header.height  # 0-based index of the first data row
    width = max((at for _f, at in used), default=-1) + 1
    errors: list[CellError] = []
    warnings: list[CellError] = []
    if not used:
        return Mapped([titles], first + 1, letters)
    pick = itemgetter(*(at for _f, at in used))
    rows: list = [titles]
    pad = [None] * width
    for row in table.rows[first:]:
        if len(row) < width:
            row = [*row, *pad[: width - len(row)]]
        picked = pick(row)
        rows.append(list(picked) if len(used) > 1 else [picked])
    position = {at: n for n, (_f, at) in enumerate(used)}
    numeric = {at for f, at in used if f.numeric}
    for (top, left), (bottom, right) in table.merged:
        value = table.rows[top][left] if left < len(table.rows[top]) else None
        box = (top, left, bottom, right)
        _merged(rows, first, box, value, position, numeric, titles, errors)
    for (row, column), state in table.bad_formulas.items():
        if row >= first and column in position:
            errors.append(_formula_error(row, column, state, titles[position[column]]))
    separator = None
    numeric_at = [position[at] for at in numeric]
    texts = (row[at] for row in rows[1:] for at in numeric_at if type(row[at]) is str)
    try:
        separator = numbers.detect_decimal_separator(texts)
    except numbers.NumberFormatError as error:
        errors.append(CellError(0, "", str(error), "separator"))
    if separator is not None:
        warnings.append(CellError(0, "", SEPARATOR_NOTES[separator], "note"))
    ignored = [
        header.label(index)
        for index, key in enumerate(header.keys)
        if key and index not in position and key not in quiet
    ]
    if ignored:
        warnings.append(
            CellError(
                0,
                "",
                "Columnas que no se leen (se ignoran): " + "; ".join(ignored) + ".",
                "ignored",
            )
        )
    return Mapped(rows, first + 1, letters, errors, warnings, separator)


def _merged(rows, first, box, value, position, numeric, titles, errors) -> None:
    """A merged range over data rows: in a text column its value is every row's (an
    "Eje" merged down its programmes); in a numeric column it is refused, since only one
    row would hold the figure."""
    top, left, bottom, right = box
    if bottom < first:
        return
    span = f"{column_letter(left)}{top + 1}:{column_letter(right)}{bottom + 1}"
    for column in range(left, right + 1):
        if column not in position:
            continue
        at = position[column]
        if column in numeric:
            errors.append(
                CellError(
                    max(top, first) + 1,
                    titles[at],
                    f"Las celdas {span} están combinadas en una columna de números. "
                    "Descombínelas y escriba el valor en cada fila: solo la primera celda "
                    "tiene el valor y las demás quedarían vacías.",
                    "merged",
                    column_letter(column),
                )
            )
            return
        for r in range(max(top, first), bottom + 1):
            index = r - first + 1
            if index < len(rows):
                rows[index][at] = value


def _formula_error(row: int, column: int, state: str, title: str) -> CellError:
    cell = f"{column_letter(column)}{row + 1}"
    if state == "error":
        message = (
            f"La celda {cell} tiene una fórmula cuyo resultado es un error (#¡DIV/0!, #N/A…). "
            "Corríjala o escriba el valor."
        )
    else:
        message = (
            f"La celda {cell} tiene una fórmula sin valor calculado: el archivo no lo trae "
            "(lo escribió un programa que no calcula). Ábralo en Excel o LibreOffice y "
            "guárdelo, o pegue la columna «solo valores»."
        )
    return CellError(row + 1, title, message, f"formula_{state}", column_letter(column))
