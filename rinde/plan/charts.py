"""Server-rendered SVG charts (no JavaScript): each has a title and a description, and the
page shows the same numbers in a table beside it."""

from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH, HEIGHT, PAD = 640, 220, 48


def history_svg(points: list[tuple[date, Decimal | None]], *, title: str, description: str) -> str:
    measured = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    n = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return PAD + (WIDTH - 2 * PAD) * i / n

    def y(v: Decimal) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * float(v)

    grid = "".join(
        f'<line x1="{PAD}" y1="{y(Decimal(p) / 100):.1f}" x2="{WIDTH - PAD}" y2="{y(Decimal(p) / 100):.1f}" stroke="#c9c9c9" stroke-width="1"/>'
        f'<text x="{PAD - 6}" y="{y(Decimal(p) / 100) + 4:.1f}" font-size="11" text-anchor="end" fill="#4b4b4b">{p} %</text>'
        for p in (0, 25, 50, 75, 100)
    )
    labels = "".join(
        f'<text x="{x(i):.1f}" y="{HEIGHT - PAD + 16}" font-size="11" text-anchor="middle" fill="#4b4b4b">{month:%m/%y}</text>'
        for i, (month, _) in enumerate(points)
        if month.month in (1, 7) or i == len(points) - 1
    )
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in measured)
    dots = "".join(
        f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="#004884"/>'
        for i, v in measured[-1:]
    )
    path = (
        f'<polyline points="{line}" fill="none" stroke="#004884" stroke-width="2.5"/>'
        if line
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title chart-desc" class="chart">'
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(description)}</desc>'
        f"{grid}{labels}{path}{dots}</svg>"
    )
