"""One cell to what Rinde stores: text (codes typed as numbers read without ".0"), or a
Decimal within the column's size.

Numbers from a sheet come as binary floats, whose artefacts (0.9999999999999999 for a
formula's 1) are not what anybody typed: they are rounded to the column's decimals and
the person is warned. Text is what somebody typed, so "1,23456" in a 4-decimal column is
still an error: rounding it would change what they wrote."""

import math
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from rinde.core import numbers


def text_of(raw) -> str:
    """A cell as text: a code typed as a number (1, read as 1.0) is "1"; spaces collapsed."""
    if raw is None:
        return ""
    if type(raw) is float and raw.is_integer():
        return str(int(raw))
    return " ".join(str(raw).split())


def bounded(value: Decimal, digits: int, decimals: int) -> bool:
    """Whether a number fits a column of `digits` digits, `decimals` of them decimals."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        return False
    return abs(value) < Decimal(10) ** (digits - decimals)


def decimal(raw, separator: str | None = None) -> Decimal | None:
    """A cell as a Decimal, None when empty. Text goes through `rinde.core.numbers`
    (Colombian writing, the other where unambiguous, `separator` being the file's decimal
    separator when detected). Raises InvalidOperation or ValueError."""
    kind = type(raw)
    # Numbers typed in a spreadsheet come as floats: whole ones (most amounts in pesos)
    # convert exactly through int, which is several times faster than through text.
    if kind is float:
        if raw.is_integer():
            return Decimal(int(raw))
        if not math.isfinite(raw):
            raise InvalidOperation
        return Decimal(repr(raw))
    if kind is int:
        return Decimal(raw)
    if raw is None:
        return None
    if kind is bool:
        raise InvalidOperation
    text = str(raw).strip()
    if not text:
        return None
    return numbers.parse_decimal(text, decimal_separator=separator)


def rounded(raw, value: Decimal | None, decimals: int) -> tuple[Decimal | None, str]:
    """A float with more decimals than the column keeps → (rounded value, a warning);
    anything else → (value, ""). The difference is always below the column's unit."""
    # round() on the float first: a float with no more decimals than the column (most
    # cells) needs no Decimal arithmetic.
    if value is None or type(raw) is not float or raw == round(raw, decimals):
        return value, ""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or -exponent <= decimals:
        return value, ""
    result = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    result = result.to_integral_value() if result == result.to_integral_value() else result
    return result, (
        f"{repr(raw).replace('.', ',')} se leyó como {plain(result)}: la hoja guarda "
        f"números binarios con decimales de más; la columna admite {decimals}."
    )


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros, the Colombian way (1234,5)."""
    return f"{value.normalize():f}".replace(".", ",")
