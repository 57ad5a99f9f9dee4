"""The privacy page promises what Rinde does (issue 14, item 7)."""

import pytest

from rinde.core.privacy import mask_personal_data

pytestmark = pytest.mark.django_db


def test_the_privacy_page_names_the_placeholders_the_mask_really_writes(client, entity):
    html = client.get("/privacidad/").text
    for typed in ("300 123 4567", "C.C. 43.123.456"):
        assert f"«{mask_personal_data(typed)}»" in html, typed
    # The forum publishes comments as written, with the name given: not "only aggregate".
    assert "se publican solo como cifras agregadas salvo que usted decida" not in html
    assert "En el foro: su comentario, que se publica con el nombre que usted escriba" in html
    assert "las listas de inscritos lo dan solo como número de personas por grupo" in html
