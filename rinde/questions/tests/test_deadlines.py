"""The legal clock, table-driven (legal.md: Ley 1755 de 2015 arts. 14 and 21; Consejo de
Estado exp. 27219 de 2024 on receipt on non-business days)."""

from datetime import date, datetime, time

import pytest

from rinde.core.calendar import DEFAULT_CALENDAR, WorkCalendar
from rinde.questions import deadlines

GENERAL = deadlines.Term(15, "Ley 1755 de 2015, art. 14")
INFORMATION = deadlines.Term(10, "Ley 1755 de 2015, art. 14")
CONSULTATION = deadlines.Term(30, "Ley 1755 de 2015, art. 14")

# (received at, local time, term, cut-off, hearing day, legal receipt, due date, source)
CASES = [
    (
        datetime(2023, 12, 15, 10),
        GENERAL,
        None,
        None,
        date(2023, 12, 15),
        date(2024, 1, 10),
        "legal.md worked example, 15 days",
    ),
    (
        datetime(2023, 12, 15, 10),
        INFORMATION,
        None,
        None,
        date(2023, 12, 15),
        date(2024, 1, 2),
        "legal.md worked example, 10 days",
    ),
    (
        datetime(2023, 12, 15, 10),
        CONSULTATION,
        None,
        None,
        date(2023, 12, 15),
        date(2024, 1, 31),
        "legal.md worked example, 30 days",
    ),
    (
        datetime(2026, 7, 1, 9),
        GENERAL,
        None,
        None,
        date(2026, 7, 1),
        date(2026, 7, 24),
        "legal.md: 13 Jul 2026 (Ley 2578) skipped",
    ),
    (
        datetime(2024, 8, 3, 11),
        GENERAL,
        None,
        None,
        date(2024, 8, 5),
        date(2024, 8, 28),
        "legal.md: Saturday counts as Monday (exp. 27219)",
    ),
    (
        datetime(2024, 8, 4, 23, 59),
        GENERAL,
        None,
        None,
        date(2024, 8, 5),
        date(2024, 8, 28),
        "Sunday counts as Monday",
    ),
    (
        datetime(2023, 3, 20, 9),
        GENERAL,
        None,
        None,
        date(2023, 3, 21),
        date(2023, 4, 13),
        "San José Monday (Ley Emiliani) counts as Tuesday; Holy Week skipped",
    ),
    (
        datetime(2024, 12, 20, 17, 30),
        GENERAL,
        time(17, 0),
        None,
        date(2024, 12, 23),
        date(2025, 1, 16),
        "after the 5 p.m. cut-off on a Friday: next business day; 25 Dec, 1 and 6 Jan skipped",
    ),
    (
        datetime(2024, 12, 20, 16, 59),
        GENERAL,
        time(17, 0),
        None,
        date(2024, 12, 20),
        date(2025, 1, 15),
        "before the cut-off counts that day",
    ),
    (
        datetime(2023, 12, 14, 18),
        GENERAL,
        None,
        date(2023, 12, 15),
        date(2023, 12, 14),
        date(2024, 1, 10),
        "raised for the hearing: runs from the day after the hearing",
    ),
    (
        datetime(2023, 12, 31, 12),
        GENERAL,
        None,
        None,
        date(2024, 1, 2),
        date(2024, 1, 24),
        "year-end: 31 Dec Sunday, 1 Jan holiday",
    ),
]


@pytest.mark.parametrize(
    ("received", "term", "cutoff", "hearing", "receipt", "due", "source"), CASES
)
def test_the_deadline_follows_the_law(received, term, cutoff, hearing, receipt, due, source):
    result = deadlines.compute_deadline(
        received, term, DEFAULT_CALENDAR, cutoff=cutoff, hearing_on=hearing
    )
    assert result.received_on == receipt, source
    assert result.due_on == due, source
    assert result.term is term


def test_forwarding_has_five_business_days():
    # Ley 1755 art. 21; 7 Aug 2024 is a holiday (Batalla de Boyacá).
    assert DEFAULT_CALENDAR.add_business_days(date(2024, 8, 5), 5) == date(2024, 8, 13)


def test_entity_non_working_days_push_the_deadline():
    calendar = WorkCalendar(non_working_days=frozenset({date(2023, 12, 22)}))
    result = deadlines.compute_deadline(datetime(2023, 12, 15, 10), GENERAL, calendar)
    assert result.due_on == date(2024, 1, 11)


EXTENSION = {
    "due_on": date(2024, 1, 10),
    "starts_after": date(2023, 12, 15),
    "term": GENERAL,
    "calendar": DEFAULT_CALENDAR,
    "already_extended": False,
}


def test_an_extension_up_to_twice_the_term_is_lawful():
    # 30 business days after 15 Dec 2023 is 31 Jan 2024 (legal.md).
    assert deadlines.latest_extension(date(2023, 12, 15), GENERAL, DEFAULT_CALENDAR) == date(
        2024, 1, 31
    )
    deadlines.check_extension(today=date(2024, 1, 10), new_due_on=date(2024, 1, 31), **EXTENSION)


@pytest.mark.parametrize(
    ("today", "new_due", "fragment"),
    [
        (date(2024, 1, 11), date(2024, 1, 20), "ya venció"),
        (date(2024, 1, 5), date(2024, 2, 1), "a más tardar el 31 de enero de 2024"),
        (date(2024, 1, 5), date(2024, 1, 9), "posterior al vencimiento"),
        (date(2024, 1, 5), date(2024, 1, 27), "día hábil"),  # a Saturday
    ],
)
def test_unlawful_extensions_are_refused_with_the_reason(today, new_due, fragment):
    with pytest.raises(deadlines.ExtensionError, match=fragment):
        deadlines.check_extension(today=today, new_due_on=new_due, **EXTENSION)


def test_only_one_extension():
    with pytest.raises(deadlines.ExtensionError, match="una sola"):
        deadlines.check_extension(
            today=date(2024, 1, 5),
            new_due_on=date(2024, 1, 20),
            **{**EXTENSION, "already_extended": True},
        )


@pytest.mark.parametrize(
    ("due", "today", "overdue", "soon"),
    [
        (date(2024, 1, 10), date(2024, 1, 10), False, True),  # due today
        (date(2024, 1, 10), date(2024, 1, 5), False, True),  # 3 business days ahead (Mon 8 holiday)
        (date(2024, 1, 12), date(2024, 1, 5), False, False),
        (date(2024, 1, 10), date(2024, 1, 11), True, False),
    ],
)
def test_overdue_and_due_soon(due, today, overdue, soon):
    assert deadlines.is_overdue(due, today) is overdue
    assert deadlines.is_due_soon(due, today, DEFAULT_CALENDAR, 3) is soon
