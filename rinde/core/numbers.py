"""Numbers as Colombians write them, read and shown one way everywhere (forms, files, pages).

Colombian writing groups thousands with "." and marks decimals with ",": 4.917.500.000 and
1.234,5. People and files also bring the other writing (1,234.5; a CSV's 0.125), so a text
is read both ways and:

- when only one reading is valid, that one is the number: "0.125" cannot be Colombian (a
  thousands group never follows a lone 0), so it is 0.125; "1.234.567" or "12,5" can only
  be Colombian; "1,234.5" or "1,234,567" only the other writing;
- when both readings are valid and differ, the text is ambiguous. That happens only with one
  separator, used once, before exactly three digits, after 1–3 digits not starting with 0:
  "1.234", "12.500", "1,234". The source's decimal separator decides: a file's, detected
  from its other cells (`detect_decimal_separator`), or Colombian when there is none (forms
  say so in their help text). So "1.234" is 1234 in a form and in a Colombian file, and
  1.234 in a file whose other cells show a decimal point;
- a file that writes numbers both ways and also holds ambiguous cells cannot be read
  safely: detection refuses it and asks for one writing (NumberFormatError);
- anything else ("1.23.4", "1e3", "12 kg") is refused with a message asking for the number
  written clearly. Scientific notation is refused on purpose: "1e3" in a cut is a typo far
  more often than a thousand.

Also read: spaces (regular, no-break, thin) grouping thousands ("1 234,5"), a leading "$" or
"COP", a sign ("-3,5", "+3") and accounting parentheses ("(3.500)" = -3500), and "12 %" only
where the caller allows percentages (the number of points: 12).

Shown: `format_number` and `format_money` write Colombian ("$ 4.917.500.000"); templates
use the `number` and `money` filters (core/templatetags/text_tags.py). docs/numbers.md."""

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

COLOMBIAN = ","  # the decimal separator of Colombian writing
POINT = "."

# The body of a number once sign, currency and percent are off. A grouped integer starts
# with 1-9: "0.125" is not a thousands group. ASCII digits only: Python would read "١٢".
_COLOMBIAN_BODY = re.compile(r"(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?|,\d+", re.ASCII)
_POINT_BODY = re.compile(r"(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+", re.ASCII)
_SPACED_BODY = re.compile(r"[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d+)?", re.ASCII)
_PLAIN = re.compile(r"-?\d+", re.ASCII)
_SEPARATED = re.compile(r"[\d.,]+", re.ASCII)  # no sign, currency or spaces to take off
# Regular, no-break, narrow no-break and thin spaces: Excel and LibreOffice in some locales
# group thousands with the last three.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]+")
_MINUS = ("-", "\u2212")
_SIGNS = (*_MINUS, "+")
_CURRENCY = re.compile(r"^(?:COP\s*\$?|\$)", re.IGNORECASE)
_MESSAGE_CHARS = 30

# What the writers take: a number, or a text Decimal reads (a template's or a cell's value);
# any other text raises decimal.InvalidOperation, which the template filters show as it is.
type Amount = Decimal | int | float | str


class NumberFormatError(ValueError):
    """A text that is not a number, or not one Rinde can read without guessing. The
    message, in Spanish, says how to write it."""


def parse_decimal(
    text: object, *, decimal_separator: str | None = None, percent: bool = False
) -> Decimal:
    """The number a person or a file wrote. `decimal_separator` is the source's ("," or
    "."), None for Colombian; `percent` allows a trailing "%" (the number of points). A
    cell that is already a number is taken as it is; any other value is refused."""
    if decimal_separator not in (None, COLOMBIAN, POINT):
        raise ValueError(f"decimal_separator must be ',', '.' or None, not {decimal_separator!r}")
    if type(text) is not str:
        return _from_number(text)
    stripped = text.strip()
    # Most cells of a file are plain integers: no need for the rest.
    if _PLAIN.fullmatch(stripped):
        return Decimal(stripped)
    if not stripped:
        raise NumberFormatError(gettext("Escriba un número."))
    if _SEPARATED.fullmatch(stripped):
        return _read_body(stripped, text, decimal_separator)
    negative, body = _sign_and_body(stripped, text, percent)
    value = _read_body(body, text, decimal_separator)
    return -value if negative and value else value


def detect_decimal_separator(texts: Iterable[object]) -> str | None:
    """The decimal separator a file's cells show: "," or "." when the cells that can only
    be read one way agree, None when no cell tells. Non-text cells are skipped. Raises
    NumberFormatError when the file writes numbers both ways and some cell would read
    differently under each (it names one of each kind)."""
    seen: dict[str | None, str] = {}
    # A file repeats its amounts: each distinct text is looked at once.
    looked_at: set[str] = set()
    for text in texts:
        if type(text) is not str or text in looked_at:
            continue
        looked_at.add(text)
        stripped = text.strip()
        if _PLAIN.fullmatch(stripped):
            continue
        if _SEPARATED.fullmatch(stripped):
            body = stripped
        else:
            try:
                body = _sign_and_body(stripped, text, percent=True)[1]
            except NumberFormatError:
                continue
        colombian, point = _writings(body)
        if _is_ambiguous(body, colombian, point):
            seen.setdefault(None, text)
        elif colombian and not point:
            seen.setdefault(COLOMBIAN, text)
        elif point and not colombian:
            seen.setdefault(POINT, text)
        if COLOMBIAN in seen and POINT in seen and None in seen:
            break
    if COLOMBIAN in seen and POINT in seen:
        if None in seen:
            raise NumberFormatError(
                gettext(
                    "El archivo escribe los números de dos formas (por ejemplo «%(point)s» con "
                    "punto decimal y «%(comma)s» con coma decimal), y «%(ambiguous)s» se leería "
                    "distinto en cada una. Escriba todos los números de una sola forma, por "
                    "ejemplo 1.234,5 (miles con punto, decimales con coma)."
                )
                % {
                    "point": _short(seen[POINT]),
                    "comma": _short(seen[COLOMBIAN]),
                    "ambiguous": _short(seen[None]),
                }
            )
        return None
    if COLOMBIAN in seen:
        return COLOMBIAN
    if POINT in seen:
        return POINT
    return None


def format_number(value: Amount | None, places: int | None = None) -> str:
    """`value` in Colombian writing: "1.234,5". `places` rounds half up to that many
    decimals; None keeps the value's own without trailing zeros. None gives ""."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return str(number)
    if places is None:
        number = number.normalize()
    else:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _dot, decimals = f"{abs(number):f}".partition(".")
    sign = "-" if number < 0 else ""
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"


def format_money(value: Amount | None) -> str:
    """Pesos: "$ 4.917.500.000", with cents only when there are some ("$ 1.234,50")."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return str(number)
    places = 0 if number == number.to_integral_value() else 2
    text = format_number(abs(number), places)
    return f"-$ {text}" if number < 0 else f"$ {text}"


class ColombianNumberInput(forms.TextInput):
    """A text input: type="number" would refuse "4.917.500.000" in the browser."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", **(attrs or {})})


class ColombianDecimalField(forms.DecimalField):
    """A DecimalField that reads `parse_decimal` (Colombian writing, the other only where
    unambiguous) and shows a stored value in Colombian writing ("4.917.500.000"), so what
    the form shows reads back as the same number. The column's digits and decimals are
    checked after reading, as in any DecimalField."""

    widget = ColombianNumberInput
    default_error_messages = {"invalid": _("Escriba un número.")}

    def __init__(self, *, percent: bool = False, **kwargs: Any) -> None:
        self.percent = percent
        super().__init__(**kwargs)

    # DecimalField returns a Decimal where its base IntegerField returns an int: django-stubs
    # ignores the same override in DecimalField itself.
    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
        try:
            return parse_decimal(value, percent=self.percent)
        except NumberFormatError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value: object) -> object:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number(value)
        return value


def _from_number(value: object) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise NumberFormatError(gettext("Escriba un número."))
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        return Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        raise NumberFormatError(gettext("Escriba un número."))
    if not number.is_finite():
        raise NumberFormatError(gettext("Escriba un número."))
    return number


def _sign_and_body(stripped: str, text: str, percent: bool) -> tuple[bool, str]:
    """(negative, the digits and separators) of a stripped text."""
    rest = stripped
    parenthesised = rest.startswith("(") and rest.endswith(")")
    if parenthesised:
        rest = rest[1:-1].strip()
    if rest.endswith("%"):
        if not percent:
            raise NumberFormatError(
                gettext("«%(text)s»: escriba solo el número, sin el signo %%.")
                % {"text": _short(text)}
            )
        rest = rest[:-1].rstrip()
    # A sign before or after the currency: "-$ 3.500", "$ -3.500".
    sign = currency = None
    for _round in range(2):
        if rest[:1] in _SIGNS:
            if sign is not None:
                raise _unreadable(text)
            sign, rest = rest[0], rest[1:].lstrip()
        if currency is None and (currency := _CURRENCY.match(rest)):
            rest = rest[currency.end() :].lstrip()
    # "(-3)": two ways of saying negative in one cell is a typo, not a number.
    if not rest or (parenthesised and sign is not None):
        raise _unreadable(text)
    return parenthesised or sign in _MINUS, _SPACES.sub(" ", rest)


def _writings(body: str) -> tuple[bool, bool]:
    """(valid in Colombian writing, valid with a decimal point) for a body."""
    if " " in body:
        # Spaces group the thousands, so the one "." or "," left is the decimal mark.
        valid = _SPACED_BODY.fullmatch(body) is not None
        return valid, valid
    return (
        _COLOMBIAN_BODY.fullmatch(body) is not None,
        _POINT_BODY.fullmatch(body) is not None,
    )


def _is_ambiguous(body: str, colombian: bool, point: bool) -> bool:
    # Valid both ways with a "." or "," in it, the two readings differ ("1.234": 1234 or
    # 1.234); without one, or grouped by spaces, they are the same number.
    return colombian and point and " " not in body and ("." in body or "," in body)


def _read_body(body: str, text: str, decimal_separator: str | None) -> Decimal:
    if " " in body:
        if _SPACED_BODY.fullmatch(body):
            return Decimal(body.replace(" ", "").replace(",", "."))
        raise _unreadable(text)
    colombian, point = _writings(body)
    if point and (not colombian or decimal_separator == POINT):
        return Decimal(body.replace(",", ""))
    if colombian:
        return Decimal(body.replace(".", "").replace(",", "."))
    raise _unreadable(text)


def _unreadable(text: str) -> NumberFormatError:
    if re.search(r"\d[eE][+-]?\d", text):
        return NumberFormatError(
            gettext(
                "«%(text)s» está en notación científica: escriba el número completo, por "
                "ejemplo 1.000 en vez de 1e3."
            )
            % {"text": _short(text)}
        )
    return NumberFormatError(
        gettext(
            "«%(text)s» no es un número que se pueda leer sin adivinar. Escriba los miles con "
            "punto y los decimales con coma, por ejemplo 4.917.500.000 o 1.234,5."
        )
        % {"text": _short(text)}
    )


def _short(text: str) -> str:
    text = str(text).strip()
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 1] + "…"
