"""{% scrolltable %}…{% endscrolltable %}: the one wrapper for a table that may be wider
than a phone. It scrolls sideways inside its box, and a keyboard user can scroll it too:
the box takes focus (tabindex="0") and is a named region (axe "scrollable-region-focusable").

The region is named by the table's caption (given an id when it has none), or by
`label="…"` when the table has no caption."""

import hashlib
import re

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_CAPTION = re.compile(r"<caption\b([^>]*)>", re.IGNORECASE)
_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_COUNTER = "_scrolltable_count"


class ScrollTableNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist = nodelist
        self.label = label

    def render(self, context) -> str:
        content = self.nodelist.render(context)
        label = self.label.resolve(context) if self.label is not None else ""
        labelledby = ""
        caption = _CAPTION.search(content)
        if not label and caption:
            found = _ID.search(caption.group(1))
            if found:
                labelledby = found.group(1)
            else:
                # Unique on the page: the table's own text, and how many came before it
                # (two tables with the same text on one page still get two ids).
                builtins = context.dicts[0]
                count = builtins.get(_COUNTER, 0) + 1
                builtins[_COUNTER] = count
                digest = hashlib.blake2s(content.encode(), digest_size=4).hexdigest()
                labelledby = f"tbl-{digest}-{count}"
                content = (
                    content[: caption.start()]
                    + f'<caption id="{labelledby}"{caption.group(1)}>'
                    + content[caption.end() :]
                )
        return render_to_string(
            "partials/table_scroll.html",
            {
                "content": mark_safe(content),  # noqa: S308 - the template's own output  # nosec B308
                "labelledby": labelledby,
                "label": label or ("" if labelledby else _("Tabla")),
            },
        )


@register.tag
def scrolltable(parser, token):
    """{% scrolltable %} or {% scrolltable label="…" %} … {% endscrolltable %}"""
    bits = token.split_contents()[1:]
    label = None
    for bit in bits:
        name, _sep, value = bit.partition("=")
        if name != "label" or not value:
            raise template.TemplateSyntaxError('scrolltable takes only label="…"')
        label = parser.compile_filter(value)
    nodelist = parser.parse(("endscrolltable",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist, label)
