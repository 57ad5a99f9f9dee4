"""The budget execution chain of a project in a cut (Decreto 111 de 1996, Estatuto Orgánico
del Presupuesto, and its execution stages): money is appropriated, then committed
(registro presupuestal), then owed for goods received (obligación), then paid. Each stage
is part of the previous one, so

    appropriation ≥ commitments ≥ obligations ≥ payments ≥ 0.

One pure rule for the cut form, the spreadsheet import and the database constraints
(ProjectProgress.Meta); each error names the column a person must fix, with both figures."""

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext, gettext_noop

from rinde.core.numbers import Amount, format_money

# In the chain's order; the titles are the columns of the cut's form and spreadsheet.
MONEY_FIELDS = ("appropriation", "commitments", "obligations", "payments")
COLUMN_TITLES = {
    "appropriation": gettext_noop("Apropiación"),
    "commitments": gettext_noop("Compromisos"),
    "obligations": gettext_noop("Obligaciones"),
    "payments": gettext_noop("Pagos"),
}
_ABOVE = {
    "commitments": gettext_noop(
        "Compromisos: %(value)s superan la apropiación (%(limit)s). Los compromisos son "
        "parte de la apropiación."
    ),
    "obligations": gettext_noop(
        "Obligaciones: %(value)s superan los compromisos (%(limit)s). Las obligaciones son "
        "parte de los compromisos."
    ),
    "payments": gettext_noop(
        "Pagos: %(value)s superan las obligaciones (%(limit)s). Solo se paga lo que ya es "
        "una obligación."
    ),
}
_NEGATIVE = gettext_noop("%(column)s: el valor no puede ser negativo (%(value)s).")


def column_title(field: str) -> str:
    """The translated title of a money column ("Pagos")."""
    return gettext(COLUMN_TITLES[field])


def money_errors(
    appropriation: Amount | None,
    commitments: Amount | None,
    obligations: Amount | None,
    payments: Amount | None,
) -> list[tuple[str, str]]:
    """[(field, message)] for every broken link of the chain, on the later field of the
    pair (the one that went over). None counts as 0: a blank amount is no money yet."""
    amounts = dict(
        zip(
            MONEY_FIELDS,
            (_amount(a) for a in (appropriation, commitments, obligations, payments)),
            strict=True,
        )
    )
    errors = [
        (
            field,
            gettext(_NEGATIVE)
            % {"column": column_title(field), "value": format_money(amounts[field])},
        )
        for field in MONEY_FIELDS
        if amounts[field] < 0
    ]
    negative = {field for field, _message in errors}
    for limit_field, field in zip(MONEY_FIELDS, MONEY_FIELDS[1:], strict=False):
        if field in negative or limit_field in negative:
            continue
        if amounts[field] > amounts[limit_field]:
            errors.append(
                (
                    field,
                    gettext(_ABOVE[field])
                    % {
                        "value": format_money(amounts[field]),
                        "limit": format_money(amounts[limit_field]),
                    },
                )
            )
    return errors


def changed_fields(
    before: Mapping[str, Amount | None], after: Mapping[str, Amount | None]
) -> list[str]:
    """The money fields whose amounts differ between two readings of a project's budget,
    in the chain's order: an import error about a project's budget names these columns,
    not always the first one."""
    return [
        field for field in MONEY_FIELDS if _amount(before.get(field)) != _amount(after.get(field))
    ]


def _amount(value: Amount | None) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))
