"""Server-rendered SVG charts (no JavaScript): each has a title and a description, and the
page shows the same numbers in a table beside it."""

from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape  # nosec B406 # escapes text, parses no XML

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


def bars_svg(rows: list[tuple[str, int]], *, title: str, description: str, chart_id: str) -> str:
    """Horizontal bars, one per (label, count), with the count and share written beside each
    bar so the chart reads without colour; the page shows the same figures in a table."""
    total = sum(count for _, count in rows) or 1
    top = max((count for _, count in rows), default=0) or 1
    bar_h, gap, label_w, width = 22, 10, 230, 640
    height = len(rows) * (bar_h + gap) + gap
    parts = []
    for i, (label, count) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = (width - label_w - 110) * count / top
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" font-size="12" text-anchor="end" fill="#1b1b1b">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#004884"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="12" fill="#1b1b1b">{count} ({round(100 * count / total)} %)</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" class="chart">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
        f"{''.join(parts)}</svg>"
    )
