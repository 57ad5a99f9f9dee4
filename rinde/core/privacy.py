"""The versions of the personal-data texts people accept (Ley 1581 de 2012: keep proof of
each authorization). When the privacy policy or a form's authorization text changes, add a
new version here; each stored authorization keeps the version it was given under."""

import re

from django.utils.translation import gettext as _

# The privacy and personal-data policy at /privacidad/.
POLICY_VERSION = "politica-v1-2023-01"
# The authorization beside the question form.
QUESTION_AUTHORIZATION_VERSION = "pregunta-v1-2023-01"
# The authorization beside the event registration forms.
REGISTRATION_AUTHORIZATION_VERSION = "inscripcion-evento-v1"


# Contact data people type into a text that will be published ("llámenme al 300 123 4567").
# Colombian numbers: mobiles 3XX XXX XXXX and landlines 60X XXX XXXX, with or without +57
# and separators. Amounts (groups of three digits: 3.000.000) do not match.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\d.,])(?:\+?57[\s.-]?)?(?:3\d{2}|60\d)[\s.-]?\d{3}[\s.-]?\d{4}(?![\d.,]?\d)"
)


def mask_contacts(text: str) -> str:
    """The text with e-mail addresses and phone numbers hidden, for public pages: a question
    is published, its asker's contact data never is, even when typed into the question."""
    text = _EMAIL.sub(str(_("[correo oculto]")), text)
    return _PHONE.sub(str(_("[teléfono oculto]")), text)
