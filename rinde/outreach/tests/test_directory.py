import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.core.models import AuditEntry
from rinde.outreach.models import MediaContact

pytestmark = pytest.mark.django_db


def upload(client, text: str, encoding="utf-8"):
    return client.post(
        "/panel/difusion/medios/",
        {"file": SimpleUploadedFile("medios.csv", text.encode(encoding), "text/csv")},
    )


def test_a_good_directory_imports_after_the_preview(staff_client, communications_user, entity):
    client = staff_client(communications_user)
    response = upload(
        client,
        "medio;alcance;tipo;correo\nEmisora Sur;local;radio;prensa@sur.example\nTeleantioquia;Regional;Televisión;noticias@tele.example\n",
    )
    assert response.status_code == 200
    assert "Vista previa: 2 medios nuevos." in response.text
    assert MediaContact.objects.count() == 0
    client.post(
        "/panel/difusion/medios/", {"confirm": "1", "preview": response.context["preview_key"]}
    )
    assert set(MediaContact.objects.values_list("medium", flat=True)) == {"radio", "tv"}
    assert AuditEntry.objects.filter(action="outreach.directory.import").exists()


def test_every_bad_row_is_reported_and_nothing_is_imported(
    staff_client, communications_user, entity
):
    MediaContact.objects.create(
        outlet="Ya está", scope="local", medium="radio", email="ya@medio.example"
    )
    client = staff_client(communications_user)
    text = (
        "medio,alcance,tipo,correo\n"
        "Bueno,local,radio,bueno@medio.example\n"
        "Sin correo,local,radio,no-es-correo\n"
        ",galáctico,radio,vacio@medio.example\n"
        "Repetido,local,podcast,ya@medio.example\n"
        "Doble,local,radio,bueno@medio.example\n"
    )
    response = upload(client, text)
    assert response.status_code == 400
    found = [(e.line, e.column) for e in response.context["errors"]]
    assert found == [
        (3, "correo"),
        (4, "medio"),
        (4, "alcance"),
        (5, "tipo"),
        (5, "correo"),
        (6, "correo"),
    ]
    client.post("/panel/difusion/medios/", {"confirm": "1"})
    assert MediaContact.objects.count() == 1


def test_latin1_and_missing_columns_are_explained(staff_client, communications_user, entity):
    client = staff_client(communications_user)
    assert (
        "UTF-8"
        in upload(client, "medio,alcance,tipo,correo\nEmisión,local,radio,a@b.co\n", "latin-1").text
    )
    assert "Falta la columna «correo»" in upload(client, "medio,alcance,tipo\nX,local,radio\n").text


def test_only_communications_manages_the_directory(staff_client, planning_user, entity):
    assert staff_client(planning_user).get("/panel/difusion/medios/").status_code == 403


def test_each_preview_imports_its_own_file(staff_client, communications_user, entity):
    # Two tabs: a file previewed in the second must not be what the first tab confirms.
    client = staff_client(communications_user)
    first = upload(client, "medio;alcance;tipo;correo\nEmisora Sur;local;radio;sur@a.example\n")
    upload(client, "medio;alcance;tipo;correo\nOtra;local;radio;otra@b.example\n")
    response = client.post(
        "/panel/difusion/medios/",
        {"confirm": "1", "preview": first.context["preview_key"]},
        follow=True,
    )
    assert list(MediaContact.objects.values_list("email", flat=True)) == ["sur@a.example"]
    assert "Se agregaron 1 medios al directorio." in response.text
    again = client.post(
        "/panel/difusion/medios/",
        {"confirm": "1", "preview": first.context["preview_key"]},
        follow=True,
    )
    assert "La vista previa venció. Suba el archivo otra vez." in again.text
    assert MediaContact.objects.count() == 1


def test_an_address_added_since_the_preview_refuses_the_file_with_a_message(
    staff_client, communications_user, entity
):
    client = staff_client(communications_user)
    response = upload(
        client, "medio;alcance;tipo;correo\nEmisora Sur;local;radio;prensa@sur.example\n"
    )
    # A colleague (or another tab) adds the same address before this preview is confirmed.
    MediaContact.objects.create(
        outlet="Emisora Sur", scope="local", medium="radio", email="prensa@sur.example"
    )
    confirmed = client.post(
        "/panel/difusion/medios/",
        {"confirm": "1", "preview": response.context["preview_key"]},
        follow=True,
    )
    assert confirmed.status_code == 200
    assert "prensa@sur.example" in confirmed.text and "No se importó nada" in confirmed.text
    assert MediaContact.objects.count() == 1
    assert not AuditEntry.objects.filter(action="outreach.directory.import").exists()
