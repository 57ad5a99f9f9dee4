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
# The authorization to use an e-mail only to confirm a survey answer.
SURVEY_EMAIL_AUTHORIZATION_VERSION = "encuesta-correo-v1"


# Contact data people type into a text that will be published ("llámenme al 300 123 4567").
# Colombian numbers: a local number of seven digits (373 7676, 373 76 76), alone or after a
# landline prefix (604, (604)) or as the end of a mobile (300 123 4567, 300 123 45 67), with
# or without +57. Amounts in groups of three (3.000.000) do not match; a bare seven-digit
# figure does, and is hidden: better a hidden amount than a published phone.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SEP = r"[\s.-]?"
_PHONE = re.compile(
    r"(?<![\d.,])(?:\+?57" + _SEP + r")?(?:(?:3\d{2}|\(?60\d\)?)" + _SEP + r")?"
    r"\d{3}" + _SEP + r"(?:\d{4}|\d{2}" + _SEP + r"\d{2})(?![.,]?\d)"
)


def mask_contacts(text: str) -> str:
    """The text with e-mail addresses and phone numbers hidden, for public pages: a question
    is published, its asker's contact data never is, even when typed into the question."""
    # Translated only when something is hidden: most questions hold no contact data, and
    # every public question post runs this.
    if "@" in text:
        text = _EMAIL.sub(lambda match: str(_("[correo oculto]")), text)
    return _PHONE.sub(lambda match: str(_("[teléfono oculto]")), text)
