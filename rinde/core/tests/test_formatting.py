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


# Pages: the same writing wherever a date, a time or an amount appears.


@pytest.mark.django_db
def test_an_event_page_and_its_registration_form_write_dates_and_times_in_spanish(client, entity):
    from rinde.exercises.models import AgendaItem, EventDetails
    from rinde.exercises.tests.factories import BOGOTA, make_exercise, make_hearing

    exercise = make_exercise(2031)
    event = make_hearing(exercise, starts_at=datetime(2031, 1, 6, 8, 0, tzinfo=BOGOTA))
    EventDetails.objects.create(event=event, capacity=100, registration_open=True)
    AgendaItem.objects.create(event=event, starts_at=time(12, 0), topic="Preguntas")
    page = client.get(f"/rendicion/{exercise.slug}/eventos/{event.pk}/").text.replace(NBSP, " ")
    assert "lunes 6 de enero de 2031, 8:00 a. m." in page
    assert "12:00 m." in page  # noon, in the agenda
    assert "de Enero" not in page and "Lunes 6" not in page and "a.m." not in page
    form = client.get(f"/rendicion/{exercise.slug}/eventos/{event.pk}/inscripcion/asistir/")
    text = form.text.replace(NBSP, " ")
    assert "6 de enero de 2031, 8:00 a. m. " in text and "a. m.." not in text


@pytest.mark.django_db
def test_the_exercise_page_writes_its_period_and_documents_dates_the_same_way(client, entity):
    from rinde.exercises.tests.factories import make_exercise

    exercise = make_exercise(2031)
    page = client.get(f"/rendicion/{exercise.slug}/").text
    assert formatting.long_date(exercise.starts_on) in page
    assert "de Enero" not in page and " Ene " not in page
