"""One Spanish: Django's own `es` catalogue for the administration and forms, Rinde's
strings in the same merged lookup, Colombian formats kept (issue 18, item 6)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import formats, translation
from django.utils.translation import gettext, trans_real

pytestmark = pytest.mark.django_db


def test_the_administration_speaks_djangos_spanish(staff_client, admin_user):
    client = staff_client(admin_user)
    index = client.get("/panel/admin/")
    assert index["Content-Language"] == "es"
    assert "Intentos de ingreso" in index.text  # django-axes, from Rinde's catalogue
    assert "Access attempts" not in index.text
    change = client.get(f"/panel/admin/accounts/user/{admin_user.pk}/change/")
    assert "Guardar" in change.text
    assert "Grabar" not in change.text  # es_CO's partial catalogue


def test_colombian_formats_are_kept():
    with translation.override("es"):
        assert formats.number_format(Decimal("1234567.5"), 1, force_grouping=True) == "1.234.567,5"
        assert formats.date_format(date(2024, 1, 31)) == "31 de enero de 2024"
        assert formats.date_format(date(2024, 1, 31), "SHORT_DATE_FORMAT") == "31/01/2024"


def test_a_spanish_msgid_is_looked_up_without_a_chain_of_fallbacks():
    """Each of Rinde's msgids misses every catalogue (it is already Spanish): with es-co
    each miss walked a fallback per app; with es, one merged lookup."""
    translation_object = trans_real.translation("es")
    assert translation_object._fallback is None
    with translation.override("es"):
        assert gettext("Tablero de preguntas") == "Tablero de preguntas"
