"""One reading of numbers for every form and file (issue 20, item 2)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django import forms

from rinde.core.numbers import (
    ColombianDecimalField,
    NumberFormatError,
    detect_decimal_separator,
    format_money,
    format_number,
    parse_decimal,
)

D = Decimal

# (text, decimal separator of the source, expected number)
READ = [
    # Colombian writing, the default.
    ("1.234", None, D("1234")),
    ("1.234,5", None, D("1234.5")),
    ("4.917.500.000", None, D("4917500000")),
    ("0,125", None, D("0.125")),
    ("12,5", None, D("12.5")),
    ("1,234", None, D("1.234")),
    ("12.500", None, D("12500")),
    ("-3,5", None, D("-3.5")),
    ("+3", None, D("3")),
    ("\u22123,5", None, D("-3.5")),
    ("(3,5)", None, D("-3.5")),
    ("(3.500)", None, D("-3500")),
    ("$ 1.000.000", None, D("1000000")),
    ("$1.000.000,50", None, D("1000000.50")),
    ("COP 1.000", None, D("1000")),
    ("-$ 3.500", None, D("-3500")),
    ("$ -3.500", None, D("-3500")),
    ("  42  ", None, D("42")),
    ("007", None, D("7")),
    ("0", None, D("0")),
    ("-0", None, D("0")),
    (",5", None, D("0.5")),
    # Spaces grouping thousands: regular, no-break, narrow no-break.
    ("1 234,5", None, D("1234.5")),
    ("1\u00a0234\u00a0567", None, D("1234567")),
    ("1\u202f234,5", None, D("1234.5")),
    ("1 234.5", None, D("1234.5")),
    # The other writing where only it fits: the CSV's "0.125" is not 125.
    ("0.125", None, D("0.125")),
    ("12.25", None, D("12.25")),
    ("1,234.5", None, D("1234.5")),
    ("1,234,567", None, D("1234567")),
    ("1.5", None, D("1.5")),
    # Colombian where only it fits, whatever the source says.
    ("1.234.567", ".", D("1234567")),
    ("12,5", ".", D("12.5")),
    ("1.234,5", ".", D("1234.5")),
    ("1,234.5", ",", D("1234.5")),
    # An ambiguous text follows its source's separator.
    ("1.234", ",", D("1234")),
    ("1.234", ".", D("1.234")),
    ("1,234", ".", D("1234")),
    ("1,234", ",", D("1.234")),
    ("12.500", ".", D("12.5")),
]


@pytest.mark.parametrize(("text", "separator", "expected"), READ)
def test_parse_decimal_reads(text, separator, expected):
    value = parse_decimal(text, decimal_separator=separator)
    assert value == expected
    assert isinstance(value, Decimal)


REFUSED = [
    "",
    "   ",
    "1e3",
    "1E+3",
    "abc",
    "12 kg",
    "1.23.4",
    "1,2,3",
    "1.234.5",
    "1,234,5.6",
    "1.234,567.8",
    "1 23",
    "12 34,5",
    "--3",
    "-(3)",
    "(-3)",
    "$",
    "-",
    "NaN",
    "Infinity",
    "0x10",
    "1_000",
    "12%",
    "١٢",  # Arabic-Indic digits: Python's Decimal reads them, a person here did not mean it
]


@pytest.mark.parametrize("text", REFUSED)
def test_parse_decimal_refuses_with_a_spanish_message(text):
    with pytest.raises(NumberFormatError) as raised:
        parse_decimal(text)
    assert isinstance(raised.value, ValueError)
    assert "úmero" in str(raised.value) or "signo" in str(raised.value)


def test_scientific_notation_message_says_how_to_write_it():
    with pytest.raises(NumberFormatError, match="notación científica"):
        parse_decimal("1e3")


def test_malformed_number_message_shows_the_colombian_writing():
    with pytest.raises(NumberFormatError, match=r"«1\.23\.4».*1\.234,5"):
        parse_decimal("1.23.4")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12%", D("12")), ("12,5 %", D("12.5")), ("100 %", D("100")), ("0.5%", D("0.5"))],
)
def test_percentages_are_points_where_allowed(text, expected):
    assert parse_decimal(text, percent=True) == expected


def test_an_unknown_separator_is_a_programming_error():
    with pytest.raises(ValueError, match="decimal_separator"):
        parse_decimal("1", decimal_separator=";")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, D(3)), (D("1.50"), D("1.50")), (0.1, D("0.1")), (1234.0, D("1234"))],
)
def test_numbers_from_a_spreadsheet_cell_pass_through(value, expected):
    assert parse_decimal(value) == expected


@pytest.mark.parametrize("value", [True, None, float("nan"), float("inf"), D("NaN")])
def test_non_numbers_from_a_cell_are_refused(value):
    with pytest.raises(NumberFormatError):
        parse_decimal(value)


# (a file's cells, the separator they show)
DETECT = [
    (["0.125", "1.234", "12"], "."),
    (["1,5", "1.234", "12"], ","),
    (["1.234.567", "1.234"], ","),
    (["1,234,567", "1,234"], "."),
    (["1.234", "12.500", "7"], None),
    (["12", "", None, 3.5, "texto"], None),
    ([], None),
    (["$ 1.234,50", "(3.500)"], ","),
    (["12.5%"], "."),
    # Both writings, but no cell reads differently under each: every cell reads alone.
    (["0.125", "1,5", "7"], None),
]


@pytest.mark.parametrize(("texts", "expected"), DETECT)
def test_detect_decimal_separator(texts, expected):
    assert detect_decimal_separator(texts) == expected


def test_a_file_mixing_both_writings_with_an_ambiguous_cell_is_refused():
    with pytest.raises(NumberFormatError) as raised:
        detect_decimal_separator(["0.125", "1,5", "1.234"])
    message = str(raised.value)
    assert "«0.125»" in message and "«1,5»" in message and "«1.234»" in message


def test_detection_reads_a_generator_once():
    assert detect_decimal_separator(t for t in ["3", "0.25"]) == "."


def test_a_csv_whose_cells_show_a_decimal_point_reads_its_ambiguous_cells_that_way():
    """The issue's CSV: "0.125" had become 125. Detected per file, the other cells too."""
    cells = ["0.125", "1.250", "2.5"]
    separator = detect_decimal_separator(cells)
    assert [parse_decimal(c, decimal_separator=separator) for c in cells] == [
        D("0.125"),
        D("1.25"),
        D("2.5"),
    ]


# (value, places, expected)
FORMAT = [
    (D("4917500000"), None, "4.917.500.000"),
    (D("1234.5"), None, "1.234,5"),
    (D("1234.5000"), None, "1.234,5"),
    (D("1E+3"), None, "1.000"),
    (D("0.125"), None, "0,125"),
    (D("-3.5"), None, "-3,5"),
    (D("0"), None, "0"),
    (D("0.0000"), None, "0"),
    (D("999"), None, "999"),
    (D("1234.5"), 2, "1.234,50"),
    (D("1234.565"), 2, "1.234,57"),
    (D("1234.5"), 0, "1.235"),
    (D("-0.4"), 0, "0"),
    (1234567, None, "1.234.567"),
    (1.5, None, "1,5"),
    (None, None, ""),
]


@pytest.mark.parametrize(("value", "places", "expected"), FORMAT)
def test_format_number(value, places, expected):
    assert format_number(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("4917500000"), "$ 4.917.500.000"),
        (D("4917500000.00"), "$ 4.917.500.000"),
        (D("1234.5"), "$ 1.234,50"),
        (D("0"), "$ 0"),
        (D("-3500"), "-$ 3.500"),
        (None, ""),
    ],
)
def test_format_money(value, expected):
    assert format_money(value) == expected


@pytest.mark.parametrize(
    "value", [D("4917500000"), D("1234.5"), D("0.125"), D("-3.5"), D("1234567.89")]
)
def test_what_is_shown_reads_back_as_the_same_number(value):
    assert parse_decimal(format_number(value)) == value
    # Money is shown to the cent.
    assert parse_decimal(format_money(value)) == value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


class AmountForm(forms.Form):
    amount = ColombianDecimalField(max_digits=18, decimal_places=2, required=False)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("4.917.500.000", D("4917500000")), ("1.234", D("1234")), ("0,5", D("0.5")), ("", None)],
)
def test_the_form_field_reads_colombian_writing(typed, expected):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == expected


def test_the_form_field_refuses_with_the_reason_and_keeps_the_typed_text():
    form = AmountForm({"amount": "1.23.4"})
    assert not form.is_valid()
    assert "1.234,5" in form.errors["amount"][0]
    assert 'value="1.23.4"' in str(form["amount"])


def test_the_form_field_checks_the_column_size_after_reading():
    form = AmountForm({"amount": "1,234"})  # 1.234: three decimals in a two-decimal column
    assert not form.is_valid()


def test_the_form_field_shows_its_initial_value_in_colombian_writing():
    html = str(AmountForm(initial={"amount": D("4917500000.00")})["amount"])
    assert 'value="4.917.500.000"' in html
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def test_the_template_filters_show_colombian_writing():
    from django.template import Context, Template

    html = Template(
        "{% load text_tags %}{{ a|money }}|{{ b|number }}|{{ b|number:2 }}|{{ c|money }}"
    ).render(Context({"a": D("4917500000.00"), "b": D("1234.5"), "c": None}))
    assert html == "$\u00a04.917.500.000|1.234,5|1.234,50|—"  # never wraps after "$"


def test_the_template_filters_show_what_is_not_a_number_as_it_is():
    from django.template import Context, Template

    html = Template("{% load text_tags %}{{ a|money }}|{{ a|number }}|{{ b|number }}").render(
        Context({"a": "sin dato", "b": "12.5"})
    )
    assert html == "sin dato|sin dato|12,5"
