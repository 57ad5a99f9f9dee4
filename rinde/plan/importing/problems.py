"""Errors and warnings found in a file, and how they are shown: one line per problem while
there are few of a kind in a column; past that, one line per column and kind with the
count and the first rows as examples. A sheet with a formula in every cell once produced
5,893 lines and a 736 KB page; now it is one line per column."""

from collections import defaultdict
from dataclasses import dataclass

# More lines than this for one column and kind are folded into one.
SHOWN_PER_KIND = 3
EXAMPLE_ROWS = 5
# The page never lists more than this many lines, whatever the file.
MAX_LINES = 200
# Rows a preview lists at most (the counts cover every row).
PREVIEW_LIMIT = 500


@dataclass(frozen=True)
class CellError:
    """A problem at a row (0: the whole file) and a column (Rinde's title for it). `kind`
    groups problems of the same sort whose messages differ (each names its value);
    `letter` is the file's column letter, when known."""

    row: int
    column: str
    message: str
    kind: str = ""
    letter: str = ""

    def as_list(self) -> list:
        return [self.row, self.column, self.message, self.kind, self.letter]


def grouped(problems: list[CellError]) -> list[CellError]:
    """The problems as they are shown: in file order; a column's kind with more than
    SHOWN_PER_KIND lines becomes one line, at its first row, saying how many and where."""
    by_kind: dict[tuple, list[CellError]] = defaultdict(list)
    for problem in problems:
        by_kind[(problem.column, problem.kind or problem.message)].append(problem)
    lines = []
    for same in by_kind.values():
        if len(same) <= SHOWN_PER_KIND:
            lines.extend(same)
            continue
        first = same[0]
        rows = ", ".join(str(p.row) for p in same[:EXAMPLE_ROWS])
        more = len(same) - EXAMPLE_ROWS
        where = f"filas {rows}" + (f" y {more} más" if more > 0 else "")
        lines.append(
            CellError(
                first.row,
                first.column,
                f"{len(same)} celdas con este problema ({where}). Por ejemplo: {first.message}",
                first.kind,
                first.letter,
            )
        )
    lines.sort(key=lambda p: p.row)  # stable: a row keeps its columns in file order
    if len(lines) > MAX_LINES:
        left = len(lines) - MAX_LINES
        lines = lines[:MAX_LINES] + [
            CellError(0, "", f"Y {left} problemas más: corrija los anteriores y vuelva a subirlo.")
        ]
    return lines


def from_stored(items: list) -> list[CellError]:
    """A job's stored lines back as CellErrors (older jobs stored three fields)."""
    return [CellError(*item) for item in items]


def failed(message: str) -> dict:
    """A check's outcome when the whole file is refused for one reason."""
    return failed_with([CellError(0, "", message)])


def failed_with(errors: list[CellError]) -> dict:
    return {"errors": errors, "warnings": [], "summary": {}, "parsed": None}
