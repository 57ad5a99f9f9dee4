"""TV programme broadcasts are registered, corrected and removed from the panel (before,
they could only be added), and the public page follows at once."""

from datetime import date

import pytest

from rinde.core.models import AuditEntry
from rinde.exercises.tests.factories import make_exercise
from rinde.outreach.models import Episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(entity):
    return Episode.objects.create(
        exercise=make_exercise(),
        aired_on=date(2023, 11, 4),
        tv_channel="Canal local",
        topics="Obras viales",
    )


def data(**extra):
    return {
        "aired_on": "2023-11-11",
        "tv_channel": "Canal local",
        "topics": "Salud y colegios",
        "video_url": "https://video.example/1",
        "has_captions": "on",
        **extra,
    }


def test_a_broadcast_is_corrected_and_the_public_page_shows_it(
    staff_client, communications_user, episode, client
):
    public = "/rendicion/2023/programa-de-television/"
    assert "Obras viales" in client.get(public).text  # now in the page cache
    staff = staff_client(communications_user)
    assert f"/panel/difusion/programa/{episode.pk}/" in staff.get("/panel/difusion/").text
    response = staff.post(f"/panel/difusion/programa/{episode.pk}/", data())
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.aired_on, episode.topics, episode.has_captions) == (
        date(2023, 11, 11),
        "Salud y colegios",
        True,
    )
    assert AuditEntry.objects.get(action="outreach.episode.update").changes["topics"] == [
        "Obras viales",
        "Salud y colegios",
    ]
    html = client.get(public).text
    assert "Salud y colegios" in html and "Obras viales" not in html


def test_a_broadcast_is_deleted(staff_client, communications_user, episode, client):
    staff = staff_client(communications_user)
    url = f"/panel/difusion/programa/{episode.pk}/eliminar/"
    assert "Obras viales" in staff.get(url).text
    assert client.get("/rendicion/2023/programa-de-television/").status_code == 200
    assert staff.post(url).status_code == 302
    assert not Episode.objects.exists()
    assert AuditEntry.objects.filter(action="outreach.episode.delete").count() == 1
    assert "Obras viales" not in client.get("/rendicion/2023/programa-de-television/").text


def test_a_bad_correction_is_refused(staff_client, communications_user, episode):
    staff = staff_client(communications_user)
    response = staff.post(f"/panel/difusion/programa/{episode.pk}/", data(aired_on=""))
    assert response.status_code == 400
    episode.refresh_from_db()
    assert episode.topics == "Obras viales"


@pytest.mark.parametrize("suffix", ["", "eliminar/"])
def test_only_communications_edits_broadcasts(staff_client, planning_user, episode, suffix):
    staff = staff_client(planning_user)
    assert staff.get(f"/panel/difusion/programa/{episode.pk}/{suffix}").status_code == 403
    assert staff.post(f"/panel/difusion/programa/{episode.pk}/{suffix}").status_code == 403
    assert Episode.objects.filter(topics="Obras viales").exists()
