"""Personal data and the public: the versions of the personal-data texts people accept (Ley
1581 de 2012: keep proof of each authorization), and the one function that hides personal
data typed into a text before it is published.

When the privacy policy or a form's authorization text changes, add a new version here;
each stored authorization keeps the version it was given under."""

import re

from django.utils.translation import gettext as _

from rinde.core.sanitize import strip_bidi_controls

# The authorization beside the question form.
QUESTION_AUTHORIZATION_VERSION = "pregunta-v1-2023-01"
# The authorization beside the event registration forms.
REGISTRATION_AUTHORIZATION_VERSION = "inscripcion-evento-v1"
# The authorization to use an e-mail only to confirm a survey answer.
SURVEY_EMAIL_AUTHORIZATION_VERSION = "encuesta-correo-v1"


# Personal data people type into a text that will be published: "llámenme al 300 123 4567",
# "soy Ana, C.C. 43.123.456". The public text of a question, a forum comment, an evaluation
# comment or a chat message goes through mask_personal_data; staff keep seeing the original.
# An address is matched from the start of its run of characters only: trying every start
# inside a long run without "@" took quadratic time (2.9 s for 20,000 letters).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The same address written to slip past a robot: "maria [arroba] example.org",
# "maria(at)example.org", "maria @ example . org", "maria arroba example punto org". The
# local part still starts a run of characters (linear time, as above).
_AT = r"\s*(?:@|[\[(]\s*(?:arroba|at)\s*[\])])\s*|\s+arroba\s+"
_DOT = r"\s*(?:\.|[\[(]\s*(?:punto|dot)\s*[\])])\s*|\s+punto\s+"
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+(?:{_AT})[\w-]+(?:(?:{_DOT})[a-z]{{2,24}}(?![\w-]))+",
    re.IGNORECASE,
)
_MAYBE_EMAIL = re.compile(r"@|arroba|[\[(]\s*at\s*[\])]", re.IGNORECASE)

# Colombian numbers: a local number of seven digits (373 7676, 373 76 76), alone or after a
# landline prefix (604, (604)) or as the end of a mobile (300 123 4567, 300 123 45 67), with
# or without +57. Amounts in groups of three (3.000.000) do not match; a bare seven-digit
# figure does, and is hidden: better a hidden amount than a published phone.
_SEP = r"[\s.-]?"
_PHONE = re.compile(
    r"(?<![\d.,])(?:\+?57" + _SEP + r")?(?:(?:3\d{2}|\(?60\d\)?)" + _SEP + r")?"
    r"\d{3}" + _SEP + r"(?:\d{4}|\d{2}" + _SEP + r"\d{2})(?![.,]?\d)"
)
# A number spelt out one digit at a time so no robot reads it: "3 0 0 1 2 3 4 5 6 7". Seven
# to twelve single digits, each apart from the next by one space, dot or dash; shorter runs
# ("3 o 4 veces", "entre 1 y 2", "1, 2 y 3") are kept.
_SPACED_DIGITS = re.compile(r"(?<![\w.,-])\d(?:[\s.-]\d){6,11}(?![\s.-]?\d)")

# An identity document named before its number. Colombian documents (Registraduría and
# Migración Colombia): cédula de ciudadanía (C.C.), cédula de extranjería (C.E.), tarjeta de
# identidad (T.I.), NUIP, the tax numbers NIT and RUT (a person's NIT is their cédula and a
# check digit), passports and the permits given to Venezuelan migrants (PEP, PPT). The name
# may be written with or without dots, in any case, and be followed by "No.", "número",
# "#", ":" or "es". The label stops at a letter ("cedro", "central" are not labels) but not
# at a digit ("CC43123456").
_DOCUMENT_NAME = r"""
    c\.?\s?c\.?
  | c[ée]dula(?:\s+de\s+(?:ciudadan[ií]a|extranjer[ií]a))?
  | c\.?\s?e\.?
  | t\.?\s?i\.?
  | tarjeta\s+de\s+identidad
  | n\.?\s?i\.?\s?t\.?
  | r\.?\s?u\.?\s?t\.?
  | nuip
  | documento\s+de\s+identidad
  | (?:mi|su)\s+documento
  | n[uú]mero\s+de\s+documento
  | identificaci[oó]n
  | identificad[oa]\s+con
  | documento
  | c[ée]d
  | c\.?\s?i\.?
"""
_PASSPORT_NAME = r"""
    pasaporte
  | p\.?\s?a\.?
  | p\.?\s?e\.?\s?p\.?
  | p\.?\s?p\.?\s?t\.?
"""
_CONNECTOR = r"""
    (?:
        [\s:#.°º-]
      | (?<![^\W\d_])(?:n[oº°]|nro|n[uú]m|n[uú]mero|es|la|el)(?![^\W\d_])
    )*
"""
# A number of five digits or more, bare (43123456) or in groups of three (43.123.456,
# 1 036 123 456), with a check digit for NIT and RUT (890.980.093-8).
_DOCUMENT_NUMBER = r"(?:\d{1,3}(?:[.,\s]\d{3}){1,3}|\d{5,15})(?:\s?-\s?\d)?(?![.,]?\d)"
# Passports mix letters and digits (AT123456, 123456789); a PEP has fifteen digits.
_PASSPORT_NUMBER = r"[a-z]{0,3}\d{5,15}(?!\w)"
_DOCUMENT = re.compile(
    rf"""(?<!\w)
    (?:
        (?:{_DOCUMENT_NAME})(?![^\W\d_]){_CONNECTOR}{_DOCUMENT_NUMBER}
      | (?:{_PASSPORT_NAME})(?![^\W\d_]){_CONNECTOR}{_PASSPORT_NUMBER}
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# A bare number shaped like a cédula, written without its name: the ten digits of those
# issued since 2004 (they start 10 or 11) or the eight of older ones, not part of a longer
# figure, and the dotted ten digits of a new one (1.036.123.456: a billion-peso amount is
# written with "$" or "pesos" beside it far more often than bare). What is kept: amounts
# ("$ 45000000", "45000000 pesos", "$ 1.036.123.456", and other figures in groups of three,
# "43.123.456": as written in a question it is more often money than a document),
# dates written as eight digits (20230115), years, contract numbers (4600012345), addresses
# ("Calle 52 # 51-34"), and nine-digit numbers, which neither kind of cédula has.
_BARE_CEDULA = re.compile(
    r"""(?<![\w$.,/-])(?<!\$\s)
    (?!(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d))
    (?:1[01]\d{8}|\d{8}|1\.[01]\d\d\.\d{3}\.\d{3})
    (?![.,]?\d|\w)
    (?!\s*(?:pesos|cop|millones|mil\b|de\s+pesos))""",
    re.IGNORECASE | re.VERBOSE,
)
_DIGIT = re.compile(r"\d")


def mask_personal_data(text: str) -> str:
    """The text as the public may see it: e-mail addresses, phone numbers and identity
    document numbers (named, "C.C. 43.123.456", or bare numbers shaped like a cédula)
    hidden, and the invisible direction controls that could reorder the page around it
    removed (sanitize.strip_bidi_controls). A question, a forum comment, an evaluation
    comment is published; its author's personal data never is, even typed into it."""
    text = strip_bidi_controls(text)
    # Translated only when something is hidden: most texts hold no personal data, and
    # every public question post and every forum comment shown runs this.
    if _MAYBE_EMAIL.search(text):
        text = _EMAIL.sub(lambda match: str(_("[correo oculto]")), text)
        text = _OBFUSCATED_EMAIL.sub(lambda match: str(_("[correo oculto]")), text)
    if not _DIGIT.search(text):
        return text
    # Documents before phones: the last seven digits of "C.C. 1036123456" are not a phone.
    text = _DOCUMENT.sub(lambda match: str(_("[documento oculto]")), text)
    text = _PHONE.sub(lambda match: str(_("[teléfono oculto]")), text)
    text = _SPACED_DIGITS.sub(lambda match: str(_("[teléfono oculto]")), text)
    return _BARE_CEDULA.sub(lambda match: str(_("[número oculto]")), text)


# The name it had while it hid only e-mails and phones (migration questions 0004 uses it).
mask_contacts = mask_personal_data


def suppressed_count(count: int, *, below: int) -> int | str:
    """A count of people for a table of sensitive data (Ley 1581 de 2012, art. 5: used only
    in aggregate): between 1 and `below` - 1 it shows as "<below", so a small group cannot
    point to the one or two people in it. Zero is shown: it points to nobody."""
    return f"<{below}" if 0 < count < below else count


# The authorization beside the e-mail subscription forms (rinde.subscriptions): the address
# is used only to send what the person chose to follow.
SUBSCRIPTION_AUTHORIZATION_VERSION = "suscripcion-correo-v1"
