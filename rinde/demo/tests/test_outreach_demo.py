import pytest
from django.core.management import call_command

from rinde.outreach.models import (
    Bulletin,
    Deliverable,
    Delivery,
    DeliveryStatus,
    MediaContact,
    MediaList,
)

pytestmark = pytest.mark.django_db


def outreach_counts():
    return (
        MediaContact.objects.count(),
        MediaList.objects.count(),
        MediaList.contacts.through.objects.count(),
        Delivery.objects.count(),
        Bulletin.lists.through.objects.count(),
        Deliverable.objects.count(),
    )


def test_the_demo_media_lists_bulletin_and_archive_load_twice_without_duplicates(client):
    call_command("load_demo", "--quiet-accounts")
    first = outreach_counts()
    call_command("load_demo", "--quiet-accounts")
    assert outreach_counts() == first
    assert set(MediaList.objects.values_list("name", flat=True)) == {
        "Medios locales",
        "Medios regionales",
        "Medios nacionales",
    }
    bulletin = Bulletin.objects.get()
    assert set(bulletin.lists.values_list("name", flat=True)) == {
        "Medios locales",
        "Medios regionales",
    }
    national = MediaContact.objects.filter(scope="national")
    assert national.exists() and not Delivery.objects.filter(contact__in=national).exists()
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == (
        MediaContact.objects.exclude(scope="national").count()
    )
    photos = Deliverable.objects.filter(kind="photo")
    assert photos.count() == 3
    assert all(p.alt_text and p.credit and p.file for p in photos)
    assert photos.first().file.open("rb").read(8) == b"\x89PNG\r\n\x1a\n"
    html = client.get("/rendicion/2023/archivo/").text
    assert "Audiencia pública en el CAMI" in html and "Afiche de invitación" in html
    from rinde.accounts.models import User
    from rinde.accounts.tests.factories import login_verified

    login_verified(client, User.objects.get(username="comunicaciones"))
    for path in ["/panel/difusion/archivo/", "/panel/difusion/listas/", "/panel/difusion/"]:
        assert client.get(path).status_code == 200, path
    page = client.get(f"/panel/difusion/boletines/{bulletin.pk}/").text
    assert "Enviado a: Medios locales, Medios regionales" in page
