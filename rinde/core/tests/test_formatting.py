from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.template import Context, Template

from rinde.core import formatting

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("helper", "value", "expected"),
    [
        ("long_date", date(2026, 1, 5), "5 de enero de 2026"),
        ("weekday_date", date(2026, 1, 5), "lunes 5 de enero de 2026"),
        ("weekday_date", date(2026, 3, 4), "miércoles 4 de marzo de 2026"),
        ("day_month", date(2026, 12, 31), "31 de diciembre"),
        ("month_year", date(2026, 9, 1), "septiembre de 2026"),
        ("numeric_date", date(2026, 1, 5), "05/01/2026"),
        ("long_date", None, ""),
    ],
)
def test_dates_are_written_in_lower_case_spanish(helper, value, expected):
    assert getattr(formatting, helper)(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(8, 0), "8:00 a. m."),
        (time(0, 5), "12:05 a. m."),
        (time(12, 0), "12:00 m."),
        (time(12, 30), "12:30 p. m."),
        (time(15, 45), "3:45 p. m."),
    ],
)
def test_times_use_the_rae_abbreviations_with_no_break_spaces(value, expected):
    shown = formatting.time_of_day(value)
    assert shown.replace(NBSP, " ") == expected
    assert " " not in shown  # never wraps between the hour and "a. m."


def test_an_aware_datetime_is_shown_in_the_sites_time_zone():
    # 13:00 UTC is 8:00 in Bogotá (UTC-5).
    at = datetime(2026, 1, 5, 13, 0, tzinfo=UTC)
    assert formatting.long_datetime(at).replace(NBSP, " ") == "5 de enero de 2026, 8:00 a. m."
    assert formatting.weekday_datetime(at).startswith("lunes 5 de enero")
    assert formatting.numeric_datetime(at).replace(NBSP, " ") == "05/01/2026, 8:00 a. m."


def test_money_never_wraps_and_numbers_are_colombian():
    assert formatting.money(Decimal("58666000000")) == f"${NBSP}58.666.000.000"
    assert formatting.money(Decimal("-1234.5")) == f"-${NBSP}1.234,50"
    assert formatting.number(Decimal("1234.5")) == "1.234,5"
    assert formatting.number_upto(Decimal("12.500"), 2) == "12,5"
    assert formatting.number_upto(Decimal("3.00"), 2) == "3"
    assert formatting.number_upto(Decimal("1234.567"), 2) == "1.234,57"


def test_the_filters_need_no_load_tag():
    html = Template(
        "{{ d|long_date }} · {{ t|time_of_day }} · {{ m|money }} · {{ n|number_upto:2 }}"
        " · {{ none|number_upto:2 }}"
    ).render(
        Context({"d": date(2026, 1, 5), "t": time(20, 0), "m": 1500000, "n": 2.5, "none": None})
    )
    assert html.replace(NBSP, " ") == "5 de enero de 2026 · 8:00 p. m. · $ 1.500.000 · 2,5 · —"
