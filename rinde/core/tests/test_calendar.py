"""Colombian business days, table-driven against the official holiday lists and legal.md.

Holiday lists 2020-2027 were worked out by hand from the rules, not copied from the
`holidays` package: Ley 51 de 1983 (Ley Emiliani) moves Reyes (6 Jan), San José (19 Mar),
San Pedro y San Pablo (29 Jun), Asunción (15 Aug), Día de la Raza (12 Oct), Todos los Santos
(1 Nov) and Independencia de Cartagena (11 Nov) to the following Monday, and the
Easter-based Ascensión (+39 days), Corpus Christi (+60) and Sagrado Corazón (+68) too;
1 Jan, 1 May, 20 Jul, 7 Aug, 8 Dec, 25 Dec and Jueves/Viernes Santo never move (Ley 37 de
1905, Ley 51 de 1983). Ley 2578 de 2026 adds 9 Jul (Virgen de Chiquinquirá), moved to
Monday, from 2026. Easter Sundays: 2020-04-12, 2021-04-04, 2022-04-17, 2023-04-09,
2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28.
"""

from datetime import date

import pytest

from rinde.core.calendar import DEFAULT_CALENDAR, WorkCalendar, national_holidays

OFFICIAL_HOLIDAYS = {
    2020: "01-01 01-06 03-23 04-09 04-10 05-01 05-25 06-15 06-22 06-29 07-20 08-07 08-17 10-12 11-02 11-16 12-08 12-25",
    2021: "01-01 01-11 03-22 04-01 04-02 05-01 05-17 06-07 06-14 07-05 07-20 08-07 08-16 10-18 11-01 11-15 12-08 12-25",
    2022: "01-01 01-10 03-21 04-14 04-15 05-01 05-30 06-20 06-27 07-04 07-20 08-07 08-15 10-17 11-07 11-14 12-08 12-25",
    2023: "01-01 01-09 03-20 04-06 04-07 05-01 05-22 06-12 06-19 07-03 07-20 08-07 08-21 10-16 11-06 11-13 12-08 12-25",
    2024: "01-01 01-08 03-25 03-28 03-29 05-01 05-13 06-03 06-10 07-01 07-20 08-07 08-19 10-14 11-04 11-11 12-08 12-25",
    # 2025: San Pedro (29 Jun, a Sunday) and Sagrado Corazón (27 Jun + moved) both fall on
    # Monday 30 Jun, so 18 holidays fall on 17 dates.
    2025: "01-01 01-06 03-24 04-17 04-18 05-01 06-02 06-23 06-30 07-20 08-07 08-18 10-13 11-03 11-17 12-08 12-25",
    # 2026 and later: Ley 2578 de 2026 adds 9 Jul, moved to Monday 13 Jul 2026, 12 Jul 2027.
    2026: "01-01 01-12 03-23 04-02 04-03 05-01 05-18 06-08 06-15 06-29 07-13 07-20 08-07 08-17 10-12 11-02 11-16 12-08 12-25",
    2027: "01-01 01-11 03-22 03-25 03-26 05-01 05-10 05-31 06-07 07-05 07-12 07-20 08-07 08-16 10-18 11-01 11-15 12-08 12-25",
}


@pytest.mark.parametrize("year", sorted(OFFICIAL_HOLIDAYS))
def test_national_holidays_match_the_official_list(year):
    expected = {date.fromisoformat(f"{year}-{md}") for md in OFFICIAL_HOLIDAYS[year].split()}
    assert national_holidays(year) == expected


# (received, business days, due date, source)
WORKED_EXAMPLES = [
    (date(2023, 12, 15), 15, date(2024, 1, 10), "legal.md: Ley 1755 art. 14, general petition"),
    (date(2023, 12, 15), 10, date(2024, 1, 2), "legal.md: Ley 1755 art. 14, documents"),
    (date(2023, 12, 15), 30, date(2024, 1, 31), "legal.md: Ley 1755 art. 14, consultation"),
    (date(2026, 7, 1), 15, date(2026, 7, 24), "legal.md: skips 13 Jul (Ley 2578) and 20 Jul"),
    (date(2024, 8, 5), 15, date(2024, 8, 28), "legal.md: Sat 3 Aug counts as Mon 5 Aug"),
    (date(2024, 8, 5), 5, date(2024, 8, 13), "Ley 1755 art. 21: forwarding, skips 7 Aug"),
    (date(2023, 3, 17), 1, date(2023, 3, 21), "Friday, then the San José Monday (20 Mar 2023)"),
    (date(2023, 4, 5), 1, date(2023, 4, 10), "Holy Thursday and Good Friday 2023"),
    (date(2024, 12, 20), 0, date(2024, 12, 20), "zero days is the same day"),
]


@pytest.mark.parametrize(("received", "days", "due", "source"), WORKED_EXAMPLES)
def test_adding_business_days_counts_from_the_next_day(received, days, due, source):
    assert DEFAULT_CALENDAR.add_business_days(received, days) == due, source
    assert DEFAULT_CALENDAR.business_days_between(received, due) == days, source


def test_a_filing_on_a_saturday_counts_as_received_on_monday():
    # Consejo de Estado, exp. 27219 (31 Oct 2024), as worked in legal.md.
    saturday = date(2024, 8, 3)
    received = DEFAULT_CALENDAR.on_or_after(saturday)
    assert received == date(2024, 8, 5)
    assert DEFAULT_CALENDAR.add_business_days(received, 15) == date(2024, 8, 28)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 12, 15), True),  # Friday
        (date(2023, 12, 16), False),  # Saturday
        (date(2023, 12, 17), False),  # Sunday
        (date(2023, 12, 25), False),  # Christmas, a Monday
        (date(2026, 7, 13), False),  # Virgen de Chiquinquirá, Ley 2578 de 2026
        (date(2025, 7, 14), True),  # before Ley 2578 applied, an ordinary Monday
    ],
)
def test_is_business_day(day, expected):
    assert DEFAULT_CALENDAR.is_business_day(day) is expected


def test_entity_non_working_days_stop_the_count():
    # An entity that decrees 24 and 31 December 2024 (Tuesdays) non-working.
    calendar = WorkCalendar(non_working_days=frozenset({date(2024, 12, 24), date(2024, 12, 31)}))
    # From Mon 23 Dec: 24 off, 25 holiday, 26, 27, 30 counted, 31 off, 1 Jan holiday, 2 Jan.
    assert calendar.add_business_days(date(2024, 12, 23), 4) == date(2025, 1, 2)
    assert DEFAULT_CALENDAR.add_business_days(date(2024, 12, 23), 4) == date(2024, 12, 30)


def test_an_entity_working_saturdays_counts_them():
    six_days = WorkCalendar(working_weekdays=frozenset({0, 1, 2, 3, 4, 5}))
    assert six_days.add_business_days(date(2023, 12, 15), 1) == date(2023, 12, 16)
    assert DEFAULT_CALENDAR.add_business_days(date(2023, 12, 15), 1) == date(2023, 12, 18)


def test_business_days_between_is_negative_when_the_end_comes_first():
    assert DEFAULT_CALENDAR.business_days_between(date(2024, 1, 10), date(2023, 12, 15)) == -15


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="zero or more"):
        DEFAULT_CALENDAR.add_business_days(date(2024, 1, 10), -1)


def test_a_calendar_without_working_days_is_refused():
    with pytest.raises(ValueError, match="working weekday"):
        WorkCalendar(working_weekdays=frozenset()).add_business_days(date(2024, 1, 10), 1)
