"""What only a real layout shows, on the demo's plan: the chart's text is readable on a
phone, and money never breaks across lines at any width."""

import pytest

from rinde.portal.tests.test_sitemap_axe import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each visible chart's smallest text, in screen pixels.
CHART_TEXT = """() => [...document.querySelectorAll('svg.chart')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => Math.min(...[...svg.querySelectorAll('text')]
    .map(t => t.getBoundingClientRect().height)))"""

# Each money figure: how many lines it takes, and whether it overflows its box.
MONEY = """() => [...document.querySelectorAll('.money, .nowrap')].map(el => {
  const range = document.createRange(); range.selectNodeContents(el);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  const box = el.closest('dd, td, p, li, caption') || el.parentElement;
  return [el.textContent.trim(), lines, box.scrollWidth <= box.clientWidth];
})"""


def test_the_plan_chart_and_money_read_well_from_phone_to_desktop(live_server, page):
    load_demo()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/plan/")
    sizes = page.evaluate(CHART_TEXT)
    assert len(sizes) == 1  # one variant shown, the other hidden
    assert sizes[0] >= 11
    for width in (320, 390, 600, 800, 1024, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/plan/")
        money = page.evaluate(MONEY)
        assert money and all(text.startswith("$") for text, _lines, _fits in money)
        assert [(text, 1, True) for text, _l, _f in money] == [tuple(m) for m in money], width
