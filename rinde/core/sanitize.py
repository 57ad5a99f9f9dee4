"""User HTML, cleaned to a small safe subset with nh3 (links get rel=noopener); and user
text without the invisible controls that reorder the text around it."""

import html as html_entities
import re

import nh3
from django.utils.html import linebreaks, strip_tags

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "figure",
    "figcaption",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope"},
}


def clean_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# An HTML tag of the kinds staff would write ("<p>", "</b>", "<a href=…>"), or one the
# cleaner must remove ("<script>"); not "a < b y c > d", "<nombre@dominio.co>" or
# "<https://…>", which are text.
_TAG_NAMES = sorted(
    ALLOWED_TAGS | {"div", "span", "script", "style", "iframe", "object", "embed", "form", "svg"},
    key=len,
    reverse=True,
)
_HAS_TAG = re.compile(r"</?(?:" + "|".join(_TAG_NAMES) + r")\b[^>]*>", re.IGNORECASE)
# Any element or comment, named or not in the list above ("<img …>", "<marquee>", "<!--"):
# "<" right before a letter, "/" or "!", up to a ">" with no "<" between. Not "fue <60% y
# >80%", "a < b" or "<nombre@dominio.co>" (an address has no space before its "@").
_ANY_TAG = re.compile(r"<(?:/?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?|!--.*?--|![a-z][^<>]*)>", re.I | re.S)


def has_html_tag(text: str) -> bool:
    """Whether plain text a person typed holds HTML markup (a tag or a comment), as opposed
    to "<" and ">" used as text ("menos de <60 %"), which is escaped on output like any text."""
    text = text or ""
    return bool(_HAS_TAG.search(text) or _ANY_TAG.search(text))


def html_to_text(html: str) -> str:
    """The text a reader sees in cleaned HTML, for excerpts, spreadsheets and e-mails: tags
    dropped and entities decoded (`&amp;` back to `&`), so escaping it again on output
    shows the text, not its HTML source."""
    return html_entities.unescape(strip_tags(html or "")).strip()


# Tags that make their own block: a chunk holding one is HTML already laid out; any other
# chunk (text, or text with inline tags such as a link or bold) becomes a paragraph.
_BLOCK_TAGS: tuple[str, ...] = ("blockquote", "figcaption", "caption", "figure", "table", "thead")
_BLOCK_TAGS += ("tbody", "div", "ul", "ol", "li", "tr", "th", "td", "h2", "h3", "h4", "p")
_HAS_BLOCK = re.compile(r"</?(?:" + "|".join(_BLOCK_TAGS) + r")\b[^>]*>", re.IGNORECASE)


def text_or_html(value: str) -> str:
    """Safe HTML paragraphs from an answer, whether staff typed plain text, HTML, or text
    with a tag or two in it: a blank line separates paragraphs and a line break stays one,
    except inside HTML that lays out its own blocks (<p>, lists, tables), which is kept as
    it is. The same function renders a stored answer (the public page, the e-mail), so an
    answer stored before mixes were understood shows its paragraphs too; applied to its own
    output it changes nothing."""
    value = (value or "").strip().replace("\r\n", "\n")
    if value and not _HAS_TAG.search(value):
        return clean_html(linebreaks(value, autoescape=True))
    blocks = []
    for chunk in re.split(r"\n[ \t]*\n", value):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _HAS_BLOCK.search(chunk):
            blocks.append(chunk)
        else:
            blocks.append("<p>" + chunk.replace("\n", "<br>") + "</p>")
    return clean_html("\n\n".join(blocks))


# Everything but tags, to see which tags a piece of HTML uses; and HTML that, once its
# text is taken out, holds nothing but paragraphs and line breaks.
_TEXT = re.compile(r"[^<>]+(?=<|$)")
_PARAGRAPHS_ONLY = re.compile(r"^(?:\s|</?p>|<br>)*$")


def html_for_editing(html: str) -> str:
    """What to put back in the textarea for a new draft: the plain text that text_or_html
    turned into paragraphs, when the HTML holds nothing but paragraphs and line breaks;
    the HTML itself otherwise, so nothing the person wrote is lost."""
    html = (html or "").strip()
    if not _PARAGRAPHS_ONLY.match(_TEXT.sub("", html)):
        return html
    paragraphs = re.findall(r"<p>(.*?)</p>", html, flags=re.DOTALL) or [html]
    return "\n\n".join(html_entities.unescape(p.replace("<br>", "\n")).strip() for p in paragraphs)


# Unicode's explicit direction controls: the embeddings and overrides (U+202A–U+202E), the
# isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). A right-to-left override
# typed into a name shows the page's text after it reversed ("Ana" then the forum's date
# read backwards) until the end of the paragraph. Nobody types them by hand; a right-to-left
# name (Arabic, Hebrew) shows right without them, and names are shown in <bdi>, which
# isolates their direction from the text around them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi_controls(text: str) -> str:
    """The text without Unicode's direction controls."""
    return _BIDI_CONTROLS.sub("", text)


def has_bidi_controls(text: str) -> bool:
    return _BIDI_CONTROLS.search(text) is not None
