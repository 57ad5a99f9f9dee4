"""Spanish on the outreach forms (issue 18, item 6)."""

import pytest

from rinde.outreach.forms import BulletinForm, DeliverableForm

pytestmark = pytest.mark.django_db


def test_the_deliverable_kind_radios_have_no_preselected_empty_option(entity):
    html = str(DeliverableForm()["kind"])
    assert "Elija una opción" not in html
    assert 'value=""' not in html
    assert "checked" not in html


def test_the_bulletin_form_names_the_exercise_in_spanish(entity):
    label = str(BulletinForm()["exercise"].label)
    assert label == "Ejercicio de rendición de cuentas"
