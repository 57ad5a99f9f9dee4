"""One reader for every file Rinde parses (plan structure and cuts, the broadcast chat,
the media directory, any future import): checked before it is parsed, parsed where a
failure cannot hurt.

A 1.6 KB xlsx with cells A1 and XFD1048576 once made python-calamine allocate ~512 GiB
and abort the gunicorn worker; a 2 MB zip bomb reached 2.9 GB. So every read:
- runs in a child process (`safe_read_sandbox`, a fresh `python -I` that imports no
  Django) under an address-space limit (`FILE_READER_MEMORY_MB`, 512 by default: a
  50,000-row sheet needs ~150 MB), a CPU limit and a wall-clock timeout
  (`FILE_READER_SECONDS`). A Rust abort, a MemoryError or a timeout there is a Spanish
  error for the person, never a dead web or worker process;
- for an xlsx, checks the zip before parsing: member count, each member's and the total
  uncompressed size and its compression ratio from the directory, then inflates every
  member itself counting the bytes (a directory can lie) and checking its checksum;
  refuses DTDs and entities in any XML member, a declared `<dimension>` and any cell
  reference actually present beyond the layout (rows and ~200 columns);
- for a CSV, bounds the number and length of lines, the columns per row and each cell
  (csv's field limit, set in the child), with the row and column of what was too long.

Where it runs: small imports are read inside the request, in the child: the person gets
the preview at once, and the web process is as safe as the worker would be, since the
parse never runs in it. Large plan imports (`PLAN_IMPORT_BACKGROUND_ROWS`) are validated
and applied by the background worker (plan/import_services.py), which reads through this
same child. Starting the child costs ~0.06 s; checking a 20,000-row cut's 18 MB of sheet
XML ~0.3-0.5 s on a loaded 2-core machine, beside calamine's ~0.75 s.
"""

import json
import logging
import subprocess  # nosec B404 # runs only our own reader script, no shell
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
SANDBOX = Path(__file__).with_name("safe_read_sandbox.py")


@dataclass(frozen=True)
class Limits:
    """What one kind of file may hold. `max_rows` counts rows after the header."""

    max_rows: int
    max_columns: int = 200
    max_cell_chars: int = 32_768  # Excel's own limit per cell is 32,767 characters
    max_line_chars: int = 256 * 1024
    max_lines: int = 200_000
    max_members: int = 500
    max_member_bytes: int = 200 * 1024 * 1024
    max_total_bytes: int = 300 * 1024 * 1024
    max_ratio: int = 200  # a usual sheet compresses 10-30 to 1; zeros 1,000 to 1
    ratio_from_bytes: int = 1024 * 1024
    sniff_chars: int = 4096


@dataclass(frozen=True)
class Problem:
    row: int  # 0: the whole file
    column: str
    message: str


class ReadError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message)
        self.problems = problems


@dataclass
class Sheet:
    """A file's rows as lists of cells (header first); for an xlsx, its merged ranges
    [((row, column), (row, column))] and the cells holding a formula [(letters, row)]."""

    rows: list[list]
    merged: list = field(default_factory=list)
    formulas: list = field(default_factory=list)


def read_xlsx(data: bytes, limits: Limits) -> Sheet:
    """The first sheet of an .xlsx. Raises ReadError.

    Two children at once, on two cores: one checks the file (zip, XML, layout, formula
    cells), the other parses it with calamine. Both run under the same limits, so the
    parse is as contained as if it waited for the checks; and the file is refused
    whenever the checks refuse it, whatever the parse gave (a parse still running is
    stopped). The wait for the checks before parsing cost ~0.6 s of a 20,000-row cut."""
    seconds = time_limit()
    parse = _start("xlsx_parse", data, limits)
    try:
        checked = _run("xlsx_check", data, limits)
        parsed = _finish(parse, seconds)
    finally:
        if parse.poll() is None:  # the checks refused the file (or failed): stop the parse
            parse.kill()
            parse.communicate()
    return Sheet(parsed["rows"], parsed["merged"], checked["formulas"])


def read_csv(text: str, limits: Limits) -> list[list[str]]:
    """A CSV's rows (already decoded: each import has its own rules for encodings), its
    separator sniffed among comma, semicolon and tab. Raises ReadError."""
    return _run("csv", text.encode("utf-8", "surrogatepass"), limits)["rows"]


def memory_limit() -> int:
    return getattr(settings, "FILE_READER_MEMORY_MB", 512) * 1024 * 1024


def time_limit() -> int:
    return getattr(settings, "FILE_READER_SECONDS", 60)


def _command() -> list[str]:
    """A fresh interpreter, isolated from the environment (-I): no PYTHON* variables, no
    user site, not even the current directory on its path."""
    return [sys.executable, "-I", str(SANDBOX)]


def _request(kind: str, data: bytes, limits: Limits) -> bytes:
    request = {
        "kind": kind,
        "limits": asdict(limits),
        "memory_bytes": memory_limit(),
        "cpu_seconds": time_limit(),
    }
    return json.dumps(request).encode() + b"\n" + data


def _start(kind: str, data: bytes, limits: Limits) -> subprocess.Popen:
    """A child reading the file, its whole input already written (it reads it at once)."""
    # The child's only input is the file, on stdin; no shell, no names from the user.
    child = subprocess.Popen(  # noqa: S603  # nosec B603 # fixed argv, the file on stdin
        _command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        child.stdin.write(_request(kind, data, limits))
        child.stdin.close()
    except BrokenPipeError:
        pass  # it died at once: its exit status tells _finish
    child.stdin = None  # written and closed: communicate() then only reads
    return child


def _finish(child: subprocess.Popen, seconds: int) -> dict:
    try:
        stdout, stderr = child.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise ReadError([Problem(0, "", _message("time", seconds=seconds))]) from None
    return _result(child.returncode, stdout, stderr)


def _run(kind: str, data: bytes, limits: Limits) -> dict:
    seconds = time_limit()
    try:
        finished = subprocess.run(  # noqa: S603  # nosec B603 # fixed argv, the file on stdin
            _command(),
            input=_request(kind, data, limits),
            capture_output=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ReadError([Problem(0, "", _message("time", seconds=seconds))]) from None
    return _result(finished.returncode, finished.stdout, finished.stderr)


def _result(returncode: int, stdout: bytes, stderr: bytes) -> dict:
    try:
        result = json.loads(stdout) if returncode == 0 else None
    except ValueError:
        result = None
    if result is None:
        logger.warning(
            "File reader child failed (exit %s): %s",
            returncode,
            stderr[-500:].decode("utf-8", "replace"),
        )
        raise ReadError([Problem(0, "", _message("memory"))])
    if "problems" in result:
        raise ReadError(
            [
                Problem(row, column, _message(code, row=row, column=column, **params))
                for code, row, column, params in result["problems"]
            ]
        )
    return result


def _message(code: str, **params) -> str:
    megabytes = memory_limit() // (1024 * 1024)
    messages = {
        "not_xlsx": _(
            "El archivo no es un libro de Excel (.xlsx) válido, aunque su nombre lo diga."
        ),
        "encrypted": _("El libro está protegido con contraseña. Guárdelo sin contraseña."),
        "compression": _(
            "El libro usa una compresión que Rinde no lee. Ábralo y guárdelo de nuevo en Excel."
        ),
        "members": _(
            "El libro tiene %(count)d partes internas; el máximo es %(limit)d. Quite hojas, "
            "imágenes o gráficos que sobran."
        ),
        "total_size": _(
            "El libro ocupa más de %(limit)d MB al descomprimirlo. Quite las hojas y "
            "columnas que sobran."
        ),
        "member_size": _(
            "La parte «%(member)s» del libro ocupa más de %(limit)d MB al descomprimirla."
        ),
        "ratio": _(
            "La parte «%(member)s» del libro se comprime más de %(limit)d a 1: no parece una "
            "hoja de cálculo real. Ábrala en Excel y guárdela de nuevo."
        ),
        "lying_size": _(
            "La parte «%(member)s» del libro no tiene el tamaño que declara: el archivo está "
            "dañado o fue manipulado."
        ),
        "xml_entities": _(
            "La parte «%(member)s» del libro declara entidades XML (<!DOCTYPE> o <!ENTITY>), "
            "que una hoja de cálculo no usa. Ábrala en Excel y guárdela de nuevo."
        ),
        "dimension": _(
            "La hoja declara el rango %(reference)s, más de lo que cabe en la plantilla. "
            "Borre las filas y columnas sobrantes (o copie los datos a un libro nuevo)."
        ),
        "too_far": _(
            "La hoja usa la celda %(reference)s, fuera de lo que cabe en la plantilla. Borre "
            "las filas y columnas sobrantes (o copie los datos a un libro nuevo)."
        ),
        "unreadable": _("No se pudo leer el libro de Excel: %(detail)s"),
        "rows": _("El archivo tiene más de %(limit)d filas."),
        "columns": _("Fila %(row)d: tiene más de %(limit)d columnas."),
        "cell": _("Fila %(row)d, columna %(column)s: la celda tiene más de %(limit)d caracteres."),
        "quoted": _(
            "Fila %(row)d: una celda tiene más de %(limit)d caracteres; ¿falta cerrar unas "
            "comillas?"
        ),
        "line": _("Línea %(row)d: tiene más de %(limit)d caracteres."),
        "lines": _("El archivo tiene más de %(limit)d líneas."),
        "memory": _(
            "No se pudo leer el archivo: su lectura pasó el límite de %(megabytes)d MB de "
            "memoria. Revise que no tenga filas o columnas de sobra, o divídalo."
        ),
        "time": _(
            "No se pudo leer el archivo: su lectura tardó más de %(seconds)d segundos. "
            "Divídalo en partes."
        ),
    }
    return messages[code] % {"megabytes": megabytes, **params}
