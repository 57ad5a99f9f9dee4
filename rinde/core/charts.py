"""Server-rendered SVG charts (no JavaScript): each has a title and a description, and the
page shows the same numbers in a table beside it.

An SVG scales as a whole, its text included: a 640-unit-wide chart shown 300 px wide on a
phone prints 11-unit text at 5 px. So each chart is drawn twice, a wide variant and a
narrow one (taller, fewer labels, larger text), and the stylesheet shows one of them by the
screen's width (`.chart-wide` / `.chart-narrow`); the hidden one is `display: none`, which
also hides it from screen readers."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape  # nosec B406 # escapes text, parses no XML

WIDTH, HEIGHT, PAD = 640, 220, 48


def share(count: int, total: int) -> int:
    """A whole percentage, rounded half up (12.5 → 13, unlike Python's round()): the one
    rule for a chart and the table beside it, so both print the same figure."""
    if not total:
        return 0
    return int((Decimal(100 * count) / Decimal(total)).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class _Layout:
    variant: str  # "wide" or "narrow": the CSS class that shows it
    width: int
    height: int
    left: int  # room for the y-axis labels
    pad: int
    font: int


# The narrow layout is drawn for a phone: shown about 340 px wide, 14-unit text stays
# at about 13 px.
_HISTORY_LAYOUTS = (
    _Layout("wide", WIDTH, HEIGHT, PAD, PAD, 11),
    _Layout("narrow", 360, 300, 56, 30, 14),
)


def _svg(layout: _Layout, chart_id: str, title: str, description: str, body: str) -> str:
    suffix = "" if layout.variant == "wide" else "-n"
    t, d = f"{chart_id}-title{suffix}", f"{chart_id}-desc{suffix}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} {layout.height}" '
        f'role="img" aria-labelledby="{t} {d}" class="chart chart-{layout.variant}">'
        f'<title id="{t}">{escape(title)}</title><desc id="{d}">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def _history_body(points: list[tuple[date, Decimal | None]], layout: _Layout) -> str:
    measured = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    n = max(len(points) - 1, 1)
    width, height, pad, left, font = (
        layout.width,
        layout.height,
        layout.pad,
        layout.left,
        layout.font,
    )

    def x(i: int) -> float:
        return left + (width - left - pad) * i / n

    def y(v: Decimal) -> float:
        return height - pad - (height - 2 * pad) * float(v)

    grid = "".join(
        f'<line x1="{left}" y1="{y(Decimal(p) / 100):.1f}" x2="{width - pad}" y2="{y(Decimal(p) / 100):.1f}" stroke="#c9c9c9" stroke-width="1"/>'
        f'<text x="{left - 6}" y="{y(Decimal(p) / 100) + font / 3:.1f}" font-size="{font}" text-anchor="end" fill="#4b4b4b">{p} %</text>'
        for p in (0, 25, 50, 75, 100)
    )
    last = len(points) - 1
    if layout.variant == "wide":
        # Every half year, and the last month.
        labelled = [i for i, (m, _) in enumerate(points) if m.month in (1, 7) or i == last]
    else:
        # The years only, and the last month when it is not a January.
        labelled = [i for i, (m, _) in enumerate(points) if m.month == 1 or i == last]
        if len(labelled) > 1 and labelled[-1] == last and last - labelled[-2] < 6:
            labelled.pop(-2)  # too close to the last one to fit beside it
    labels = "".join(
        f'<text x="{x(i):.1f}" y="{height - pad + font + 5}" font-size="{font}" text-anchor="middle" fill="#4b4b4b">'
        f"{points[i][0]:%m/%y}</text>"
        for i in labelled
    )
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in measured)
    dots = "".join(
        f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{font / 4:.1f}" fill="#004884"/>'
        for i, v in measured[-1:]
    )
    path = (
        f'<polyline points="{line}" fill="none" stroke="#004884" stroke-width="2.5"/>'
        if line
        else ""
    )
    return f"{grid}{labels}{path}{dots}"


def history_svg(
    points: list[tuple[date, Decimal | None]],
    *,
    title: str,
    description: str,
    chart_id: str = "chart",
) -> str:
    """A line of progress (0..1) month by month: the wide and the narrow variant."""
    return "".join(
        _svg(layout, chart_id, title, description, _history_body(points, layout))
        for layout in _HISTORY_LAYOUTS
    )


def _wrap(label: str, chars: int, lines: int) -> list[str]:
    """The label in at most `lines` lines of about `chars` characters, cut at spaces."""
    out: list[str] = []
    for word in label.split():
        if out and len(out[-1]) + 1 + len(word) <= chars:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: chars - 1].rstrip() + "…"
    return [line if len(line) <= chars else line[: chars - 1] + "…" for line in out]


def bars_svg(
    rows: list[tuple[str, int]],
    *,
    title: str,
    description: str,
    chart_id: str,
    total: int | None = None,
) -> str:
    """Horizontal bars, one per (label, count), with the count and share written beside each
    bar so the chart reads without colour; the page shows the same figures in a table.

    `total` is what the share is of (the people who answered, when each could pick several
    options); by default, the sum of the counts. Shares are rounded by `share()`, as the
    table's are."""
    if total is None:
        total = sum(count for _, count in rows)
    top = max((count for _, count in rows), default=0) or 1

    # Wide: the label left of its bar.
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
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="12" fill="#1b1b1b">{count} ({share(count, total)} %)</text>'
        )
    wide = _Layout("wide", width, height, 0, 0, 12)

    # Narrow: the label on its own lines above its bar, the whole width for both.
    n_width, font, n_bar, line_h, n_gap = 360, 15, 18, 19, 14
    y = n_gap
    n_parts = []
    for label, count in rows:
        for line in _wrap(label, 38, 2):
            y += line_h
            n_parts.append(
                f'<text x="0" y="{y - 4}" font-size="{font}" fill="#1b1b1b">{escape(line)}</text>'
            )
        w = (n_width - 110) * count / top
        n_parts.append(
            f'<rect x="0" y="{y}" width="{w:.1f}" height="{n_bar}" fill="#004884"/>'
            f'<text x="{w + 6:.1f}" y="{y + n_bar - 4}" font-size="{font}" fill="#1b1b1b">{count} ({share(count, total)} %)</text>'
        )
        y += n_bar + n_gap
    narrow = _Layout("narrow", n_width, y, 0, 0, font)
    return _svg(wide, chart_id, title, description, "".join(parts)) + _svg(
        narrow, chart_id, title, description, "".join(n_parts)
    )
