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


# The import (issue 20, item 7): "payments above obligations were accepted … by import; an
# import error blamed «Apropiación» for a change in «Pagos»".
HEADER = [
    "Código proyecto",
    "Código indicador",
    "Ejecutado en el mes",
    "Apropiación",
    "Compromisos",
    "Obligaciones",
    "Pagos",
]


@pytest.fixture
def two_indicators(department):
    from rinde.plan.tests.factories import make_plan_tree

    first = make_plan_tree(department)
    second = first.project.indicators.create(code=f"{first.code}b", name="Otro", unit="u", target=5)
    return first, second


def parse(rows, first, second):
    from rinde.plan.spreadsheet import parse_cut

    return parse_cut(
        [HEADER, *rows],
        indicators_by_code={first.code: first, second.code: second},
        project_ids={first.project_id},
    )


@pytest.mark.django_db
def test_the_import_refuses_payments_above_obligations_on_the_payments_column(two_indicators):
    first, _second = two_indicators
    _values, money, errors = parse(
        [[first.project.code, first.code, 1, 100, 80, 60, 70]], *two_indicators
    )
    assert [(e.row, e.column) for e in errors] == [(2, "Pagos")]
    assert "superan las obligaciones" in errors[0].message
    assert money == {}


@pytest.mark.django_db
def test_a_budget_differing_between_rows_names_the_column_that_differs(two_indicators):
    first, second = two_indicators
    p = first.project.code
    _values, _money, errors = parse(
        [[p, first.code, 1, 100, 80, 60, 50], [p, second.code, 1, 100, 80, 60, 40]],
        *two_indicators,
    )
    assert [(e.row, e.column) for e in errors] == [(3, "Pagos")]
    assert "no coincide con el de la fila 2" in errors[0].message
