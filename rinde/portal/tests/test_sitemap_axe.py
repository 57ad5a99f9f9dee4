"""Every page the sitemap lists, on the demo, at a phone's size and a desktop's: no axe-core
violation (WCAG 2.1 A/AA) and no skipped heading level. A new public page is covered as
soon as it is in the sitemap.

The demo lists hundreds of pages of a few kinds (a question, a project): every page without
parameters is visited, and the first PER_KIND pages of each kind (by URL name)."""

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.urls import resolve

from rinde.core.tests.browser import axe_violations

PER_KIND = 2
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# Headings in the order they appear; the level of each that is more than one below the one
# before it (an h2 followed by an h4), with its text.
SKIPPED_HEADINGS = """() => {
  const out = []; let last = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    if (h.closest('[hidden], [aria-hidden="true"]')) continue;
    const level = Number(h.tagName[1]);
    if (last && level > last + 1) out.push(`h${last} → h${level}: ${h.textContent.trim()}`);
    last = level;
  }
  return out;
}"""


def load_demo() -> None:
    """The demo, in a database an earlier transactional test may have flushed (its entity
    is given its outreach channels and audiences when load_demo creates it)."""
    call_command("load_demo", "--quiet-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115


def sampled_paths(sitemap_xml: bytes) -> list[str]:
    """The sitemap's paths: all without parameters, the first PER_KIND of each other kind."""
    root = ElementTree.fromstring(sitemap_xml)
    by_kind: dict[str, list[str]] = defaultdict(list)
    paths = []
    for loc in root.iter(f"{SITEMAP_NS}loc"):
        path = urlsplit(loc.text.strip()).path
        match = resolve(path)
        if not match.args and not match.kwargs:
            paths.append(path)
            continue
        kind = by_kind[match.view_name]
        if len(kind) < PER_KIND:
            kind.append(path)
            paths.append(path)
    return paths


def test_sampling_keeps_every_plain_page_and_a_few_of_each_kind():
    xml = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(
            f"<url><loc>http://testserver{p}</loc></url>"
            for p in ["/", "/datos/", "/preguntas/RC1/", "/preguntas/RC2/", "/preguntas/RC3/"]
        )
        + "</urlset>"
    ).encode()
    assert sampled_paths(xml) == ["/", "/datos/", "/preguntas/RC1/", "/preguntas/RC2/"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_sitemap_page_passes_axe_on_a_phone_and_a_desktop(live_server, page):
    load_demo()
    response = page.request.get(live_server.url + "/sitemap.xml")
    assert response.ok
    paths = sampled_paths(response.body())
    assert len(paths) > 20  # the demo's pages, not an empty sitemap

    problems = {}
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for path in paths:
            answer = page.goto(live_server.url + path)
            assert answer.status == 200, path
            found = axe_violations(page)
            skipped = page.evaluate(SKIPPED_HEADINGS)
            if found or skipped:
                problems[f"{size} {path}"] = found + skipped
    assert problems == {}
