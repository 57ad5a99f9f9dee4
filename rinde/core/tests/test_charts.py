"""Charts stay readable on a phone, and their shares match the table beside them."""

import re
from datetime import date
from decimal import Decimal

import pytest

from rinde.core import charts

PHONE_CONTENT_WIDTH = 340  # a 390 px screen less the page's margins


def variants(svg: str) -> dict[str, str]:
    found = re.findall(r'(<svg[^>]*class="chart chart-(\w+)".*?</svg>)', svg, re.S)
    return {variant: markup for markup, variant in found}


def smallest_text_px(svg: str, shown_width: float) -> float:
    """The smallest text size, in screen pixels, when the SVG is shown `shown_width` wide."""
    view_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    return min(sizes) * shown_width / view_width


def months(n: int) -> list[tuple[date, Decimal | None]]:
    return [(date(2020 + i // 12, i % 12 + 1, 1), Decimal(i) / n) for i in range(n)]


@pytest.mark.parametrize(
    "svg",
    [
        charts.history_svg(months(48), title="Avance", description="Mes a mes"),
        charts.bars_svg(
            [("Vías y movilidad en las comunas del sur", 12), ("Salud", 3)],
            title="Temas",
            description="Personas por tema",
            chart_id="t",
        ),
    ],
)
def test_each_chart_has_a_narrow_variant_readable_on_a_phone(svg):
    found = variants(svg)
    assert set(found) == {"wide", "narrow"}
    assert smallest_text_px(found["narrow"], PHONE_CONTENT_WIDTH) >= 12
    # The wide one alone would print text at less than 7 px there.
    assert smallest_text_px(found["wide"], PHONE_CONTENT_WIDTH) < 7


def test_the_two_variants_have_their_own_ids():
    svg = charts.bars_svg([("A", 1)], title="T", description="D", chart_id="q7")
    ids = re.findall(r' id="([^"]+)"', svg)
    assert len(ids) == len(set(ids)) == 4


def test_shares_are_of_the_given_total_and_rounded_half_up():
    # 5 people answered; each could pick several topics: 3 of 5 is 60 %, not 3 of 4.
    svg = charts.bars_svg([("A", 3), ("B", 1)], title="T", description="D", chart_id="s", total=5)
    assert "3 (60 %)" in svg and "1 (20 %)" in svg
    assert charts.share(1, 8) == 13  # 12.5: half up, where round() gives 12
    assert charts.share(5, 8) == 63  # 62.5
    assert charts.share(0, 0) == 0


def test_labels_are_escaped():
    svg = charts.bars_svg([("<b>A & B</b>", 1)], title="<T>", description="D", chart_id="e")
    assert "<b>" not in svg and "&lt;b&gt;A &amp; B" in svg and "&lt;T&gt;" in svg
