"""appropriation ≥ commitments ≥ obligations ≥ payments (issue 20, item 7)."""

from decimal import Decimal

import pytest

from rinde.plan.money_rules import changed_fields, money_errors

D = Decimal

# (appropriation, commitments, obligations, payments, fields in error)
CHAIN = [
    (D(100), D(80), D(60), D(40), []),
    (D(100), D(100), D(100), D(100), []),
    (D(0), D(0), D(0), D(0), []),
    (None, None, None, None, []),
    (D(100), D(120), D(60), D(40), ["commitments"]),
    (D(100), D(80), D(90), D(40), ["obligations"]),
    # The case: payments above obligations, still under commitments.
    (D(100), D(80), D(60), D(70), ["payments"]),
    (D(100), D(80), None, D(1), ["payments"]),
    (D(10), D(20), D(30), D(40), ["commitments", "obligations", "payments"]),
    (D(-1), D(0), D(0), D(0), ["appropriation"]),
    (D(100), D(80), D(60), D(-5), ["payments"]),
]


@pytest.mark.parametrize(
    ("appropriation", "commitments", "obligations", "payments", "fields"), CHAIN
)
def test_money_errors_name_the_field_that_went_over(
    appropriation, commitments, obligations, payments, fields
):
    errors = money_errors(appropriation, commitments, obligations, payments)
    assert [field for field, _message in errors] == fields


def test_each_message_names_its_column_and_both_figures():
    [(field, message)] = money_errors(D(1000000), D(800000), D(600000), D(700000))
    assert field == "payments"
    assert message.startswith("Pagos:")
    assert "$ 700.000" in message and "$ 600.000" in message
    assert "obligaciones" in message


@pytest.mark.parametrize(
    ("before", "after", "fields"),
    [
        (
            {"appropriation": D(1), "payments": D(1)},
            {"appropriation": D(1), "payments": D(2)},
            ["payments"],
        ),
        ({"appropriation": D(1)}, {"appropriation": D("1.00")}, []),
        ({}, {"commitments": D(3), "obligations": D(0)}, ["commitments"]),
    ],
)
def test_changed_fields_names_the_columns_that_differ(before, after, fields):
    assert changed_fields(before, after) == fields
