"""The live broadcast's chat, exported as CSV: one row → one question. Pure parsing with
every error located by row and column; the import applies all rows or none. Empty lines
and comments without text are skipped; greetings and thanks are flagged (`suggest_skip`)
so ICT can leave them out in the preview."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from rinde.core import safe_read
from rinde.questions.models import MAX_QUESTION_LENGTH
from rinde.questions.similarity import normalize

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = {
    "author": {"autor", "author", "nombre"},
    "text": {"texto", "text", "comentario", "mensaje"},
    "time": {"hora", "time", "fecha", "timestamp"},
}
# Room for blank lines and multi-line comments; MAX_ROWS is checked on the rows read.
LIMITS = safe_read.Limits(max_rows=MAX_ROWS * 4, max_lines=MAX_ROWS * 20, sniff_chars=2048)


@dataclass(frozen=True)
class ChatRow:
    line: int
    author: str
    text: str
    sent_at: datetime  # naive, in the entity's time zone
    suggest_skip: bool = False  # a greeting or thanks, not a question (looks_like_chatter)


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


# Words that make a chat line a greeting or thanks rather than a question, accents and case
# removed (similarity.normalize). A line is only a suggestion to leave out: ICT decides.
CHATTER_STARTS = frozenset(
    [
        "hola",
        "buenas",
        "buenos",
        "buen",
        "saludos",
        "saludo",
        "saludamos",
        "gracias",
        "muchas",
        "muchisimas",
        "mil",
        "felicitaciones",
        "bendiciones",
        "excelente",
        "chao",
        "adios",
        "ok",
        "okay",
        "listo",
        "presente",
        "bienvenidos",
        "jaja",
        "jajaja",
        "amen",
        "bravo",
    ]
)
CHATTER_WORDS = CHATTER_STARTS | frozenset(
    [
        "dia",
        "dias",
        "tarde",
        "tardes",
        "noche",
        "noches",
        "a",
        "todos",
        "todas",
        "desde",
        "para",
        "por",
        "la",
        "el",
        "los",
        "las",
        "de",
        "del",
        "y",
        "muy",
        "bien",
        "bueno",
        "buena",
        "si",
        "que",
        "dios",
        "los",
        "les",
        "bendiga",
        "conectados",
        "conectadas",
        "conectado",
        "conectada",
        "aqui",
        "estamos",
        "equipo",
        "alcalde",
        "alcaldesa",
        "senor",
        "senora",
        "doctor",
        "doctora",
        "comunidad",
        "vecinos",
        "saludes",
    ]
)
CHATTER_MAX_WORDS = 6


def looks_like_chatter(text: str) -> bool:
    """A greeting or thanks with no question in it ("Buenas tardes a todos", "¡Gracias!",
    "👍"): True suggests leaving the line out. A question mark always keeps it."""
    if "?" in text or "¿" in text:
        return False
    words = re.findall(r"[a-z0-9ñ]+", normalize(text))
    if not words:
        return True  # only emoji or punctuation
    if all(w in CHATTER_WORDS for w in words):
        return True
    return words[0] in CHATTER_STARTS and len(words) <= CHATTER_MAX_WORDS


def parse_time(value: str, hearing_day: date) -> datetime | None:
    value = value.strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            return datetime.strptime(value, fmt)  # noqa: DTZ007 - local time, made aware later
        except ValueError:
            pass
    for fmt in ("%H:%M:%S", "%H:%M"):
        try:
            clock = datetime.strptime(value, fmt).time()  # noqa: DTZ007
            return datetime.combine(hearing_day, clock)
        except ValueError:
            pass
    return None


# What spreadsheet programs write when asked for CSV, in the order tried: UTF-8 (with or
# without Excel's BOM), then Windows-1252, Excel's "CSV (delimitado por comas)" on a
# Spanish Windows. UTF-16 (Excel's "Texto Unicode") is recognised by its BOM.
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))


def decode_csv(data: bytes) -> tuple[str | None, str]:
    """The file's text and the name of the encoding it was read in; None and an
    explanation when none reads it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    failures = []
    for codec, name in ENCODINGS:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError as error:
            failures.append(error)
    return None, (
        f"No pudimos leer el archivo (byte {failures[0].start}): no está en UTF-8 ni en "
        "Windows-1252. Guárdelo como «CSV UTF-8»."
    )


def parse_chat_csv(data: bytes, hearing_day: date) -> tuple[list[ChatRow], list[RowError]]:
    if len(data) > MAX_BYTES:
        return [], [RowError(0, "", "El archivo pesa más de 2 MB; divídalo en partes.")]
    text, encoding = decode_csv(data)
    if text is None:
        return [], [RowError(0, "", encoding)]
    return parse_chat_text(text, hearing_day)


def parse_chat_text(text: str, hearing_day: date) -> tuple[list[ChatRow], list[RowError]]:
    text = text.removeprefix("\ufeff")
    try:
        records = safe_read.read_csv(text, LIMITS)
    except safe_read.ReadError as error:
        return [], [RowError(p.row, p.column, p.message) for p in error.problems]
    reader = iter(records)
    header = next(reader, None)
    if not header:
        return [], [RowError(1, "", "El archivo está vacío.")]
    names = [normalize(h.strip()) for h in header]
    positions = {}
    for key, accepted in COLUMNS.items():
        found = [i for i, name in enumerate(names) if name in accepted]
        if not found:
            label = {"author": "autor", "text": "texto", "time": "hora"}[key]
            return [], [
                RowError(
                    1,
                    label,
                    f"Falta la columna «{label}». Las columnas deben ser: autor, texto, hora.",
                )
            ]
        positions[key] = found[0]
    rows: list[ChatRow] = []
    errors: list[RowError] = []
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(RowError(line, "", f"El archivo tiene más de {MAX_ROWS} filas."))
            break

        def cell(key, record=record):
            i = positions[key]
            return record[i].strip() if i < len(record) else ""

        text_value, time_value = cell("text"), cell("time")
        if not text_value:
            continue  # a chat line without text (a sticker, a deleted message): nothing to ask
        row_ok = True
        if len(text_value) > MAX_QUESTION_LENGTH:
            errors.append(
                RowError(line, "texto", f"El comentario pasa de {MAX_QUESTION_LENGTH} caracteres.")
            )
            row_ok = False
        sent_at = parse_time(time_value, hearing_day)
        if sent_at is None:
            errors.append(
                RowError(
                    line,
                    "hora",
                    f"«{time_value[:30]}» no es una hora válida (use HH:MM o AAAA-MM-DD HH:MM).",
                )
            )
            row_ok = False
        if row_ok:
            rows.append(
                ChatRow(
                    line,
                    cell("author")[:150],
                    text_value,
                    sent_at,
                    suggest_skip=looks_like_chatter(text_value),
                )
            )
    if not rows and not errors:
        errors.append(RowError(2, "", "El archivo no tiene filas con comentarios."))
    return rows, errors
