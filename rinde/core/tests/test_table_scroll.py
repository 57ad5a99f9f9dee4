"""{% scrolltable %}: a wide table scrolls inside a region a keyboard can reach, named by
the table's caption."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context) -> str:
    return Template("{% load table_tags %}" + source).render(Context(context))


def test_the_region_is_focusable_and_named_by_the_caption():
    html = render(
        "{% scrolltable %}<table><caption class='x'>{{ c }}</caption></table>{% endscrolltable %}",
        c="Avance por dependencia",
    )
    region = re.search(r"<div ([^>]*)>", html).group(1)
    assert 'tabindex="0"' in region and 'role="region"' in region
    labelledby = re.search(r'aria-labelledby="([^"]+)"', region).group(1)
    assert f"<caption id=\"{labelledby}\" class='x'>Avance por dependencia</caption>" in html


def test_a_caption_keeps_its_own_id_and_two_tables_get_two_ids():
    html = render(
        '{% scrolltable %}<table><caption id="mine">A</caption></table>{% endscrolltable %}'
    )
    assert 'aria-labelledby="mine"' in html
    twice = render(
        "{% for i in '12' %}{% scrolltable %}<table><caption>Igual</caption></table>{% endscrolltable %}{% endfor %}"
    )
    ids = re.findall(r'aria-labelledby="([^"]+)"', twice)
    assert len(ids) == 2 and ids[0] != ids[1]


def test_a_table_without_caption_takes_a_label():
    html = render(
        "{% scrolltable label=name %}<table></table>{% endscrolltable %}", name="Datos <x>"
    )
    assert 'aria-label="Datos &lt;x&gt;"' in html
    with pytest.raises(TemplateSyntaxError):
        render("{% scrolltable width=3 %}<table></table>{% endscrolltable %}")


def test_every_public_table_uses_the_wrapper():
    """A bare <div class="table-wrap"> on a public page is not reachable by keyboard: every
    public template wraps its tables with {% scrolltable %} (staff pages extend the panel's
    base and are not in the sitemap)."""
    root = Path(settings.BASE_DIR) / "rinde"
    staff_partials = {"plan/templates/plan/_import_result.html"}  # the plan import's panel
    bare = []
    for template in root.glob("*/templates/**/*.html"):
        text = template.read_text()
        if "panel/base.html" in text or "/panel/" in str(template) or "/emails/" in str(template):
            continue
        if (
            '<div class="table-wrap">' in text
            and str(template.relative_to(root)) not in staff_partials
        ):
            bare.append(str(template.relative_to(root)))
    assert bare == []
