"""What the accessibility statement promises of published material, as rules: every PDF
has its HTML version (the document's accessible summary, shown on the exercise's page) and
every video has captions (Ley 1712 de 2014 art. 8, NTC 5854; portal/accessibility.html).

The staff forms and the publishing service refuse what breaks them; a public page flags
what it cannot refuse (a recording saved before the rule, or without its captions yet)."""

from django.utils.translation import gettext_lazy as _

from rinde.core.sanitize import html_to_text

# A handful of words is a caption, not a version of the document.
MIN_HTML_VERSION_WORDS = 5

NO_HTML_VERSION = _(
    "Un PDF no se publica sin su versión en HTML: escriba en «resumen accesible» lo esencial "
    "del documento (al menos cinco palabras), para quien no puede leer el PDF."
)

NO_CAPTIONS = _(
    "Un video no se publica sin subtítulos: agregue los subtítulos a la grabación y marque "
    "«la grabación tiene subtítulos», o deje el enlace vacío hasta tenerlos."
)


def has_html_version(summary_html: str) -> bool:
    """Whether a document's accessible summary says something: its text, not its markup
    (an empty paragraph or an image alone is no version of the PDF)."""
    return len(html_to_text(summary_html or "").split()) >= MIN_HTML_VERSION_WORDS


def recording_lacks_captions(recording_url: str, has_captions: bool) -> bool:
    return bool((recording_url or "").strip()) and not has_captions
