"""The population group, sensitive data, leaves Rinde only as counts (issue 14, item 6)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from rinde.exercises import services
from rinde.exercises.models import PopulationGroup
from rinde.exercises.tests.test_events import _future_hearing

pytestmark = pytest.mark.django_db

GROUP_LABELS = [str(label) for _value, label in PopulationGroup.choices]


def _register(event, n, group, *, sensitive=True):
    for i in range(n):
        services.register(
            event=event,
            kind="attend",
            data={
                "name": f"Persona {group} {i}",
                "email": f"p{group}{i}@example.com",
                "population_group": group,
                "sensitive": sensitive,
            },
        )


@pytest.fixture
def event(entity):
    event = _future_hearing()
    _register(event, 3, PopulationGroup.VICTIM)
    _register(event, 1, PopulationGroup.DISABILITY)
    _register(event, 2, PopulationGroup.ETHNIC)
    _register(event, 1, "")
    return event


def test_no_registration_export_puts_the_population_group_beside_a_person(
    staff_client, planning_user, event
):
    client = staff_client(planning_user)
    csv_response = client.get(f"/panel/rendicion/eventos/{event.pk}/inscripciones.csv")
    text = b"".join(csv_response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert "grupo_poblacional" not in rows[0]
    assert len(rows) == 1 + 7
    workbook = load_workbook(
        io.BytesIO(
            b"".join(
                client.get(
                    f"/panel/rendicion/eventos/{event.pk}/inscripciones.xlsx"
                ).streaming_content
            )
        )
    )
    people = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(people) == 1 + 7 and "grupo_poblacional" not in people[0]
    for row in rows[1:] + people[1:]:
        cells = " ".join(str(cell) for cell in row if cell is not None)
        assert not any(label in cells for label in GROUP_LABELS), row
    page = client.get(f"/panel/rendicion/eventos/{event.pk}/inscripciones/").text
    assert "Persona victim 0" in page


def test_the_xlsx_and_the_panel_give_groups_as_counts_with_small_ones_hidden(
    staff_client, planning_user, event
):
    client = staff_client(planning_user)
    workbook = load_workbook(
        io.BytesIO(
            b"".join(
                client.get(
                    f"/panel/rendicion/eventos/{event.pk}/inscripciones.xlsx"
                ).streaming_content
            )
        )
    )
    counts = {
        row[0]: row[1]
        for row in workbook["Grupos poblacionales"].iter_rows(min_row=2, values_only=True)
        if row and row[0] in GROUP_LABELS
    }
    assert counts == {
        str(PopulationGroup.VICTIM.label): 3,
        str(PopulationGroup.DISABILITY.label): "<3",
        str(PopulationGroup.ETHNIC.label): "<3",
        str(PopulationGroup.OLDER.label): 0,
        str(PopulationGroup.YOUTH.label): 0,
        str(PopulationGroup.LGBTIQ.label): 0,
        str(PopulationGroup.OTHER.label): 0,
    }
    page = client.get(f"/panel/rendicion/eventos/{event.pk}/inscripciones/")
    assert (str(PopulationGroup.VICTIM.label), 3) in page.context["population_counts"]
    assert "<td>&lt;3</td>" in page.text


def test_a_group_given_without_its_authorization_is_not_counted(entity):
    from rinde.exercises.views import population_counts

    event = _future_hearing()
    _register(event, 4, PopulationGroup.VICTIM, sensitive=False)
    assert dict(population_counts(event))[str(PopulationGroup.VICTIM.label)] == 0
