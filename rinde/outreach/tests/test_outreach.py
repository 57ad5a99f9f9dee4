from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.core.models import AuditEntry
from rinde.exercises.tests.factories import make_exercise
from rinde.outreach.models import Audience, Channel, Episode, Piece

pytestmark = pytest.mark.django_db


def test_a_new_entity_gets_the_seed_channels_and_audiences(entity):
    assert Channel.objects.filter(entity=entity).count() == 10
    assert Audience.objects.count() == 9
    assert Channel.objects.filter(name="Cuñas radiales").exists()


def piece_data(**extra):
    return {
        "title": "Volantes",
        "channel": Channel.objects.get(name="Volantes").pk,
        "audiences": [Audience.objects.order_by("order").first().pk],
        "starts_on": "2023-12-01",
        "ends_on": "2023-12-10",
        "status": "published",
        "quantity": 500,
        **extra,
    }


def test_the_matrix_warns_about_audiences_no_published_piece_reaches(
    staff_client, communications_user, entity
):
    make_exercise()
    client = staff_client(communications_user)
    response = client.post("/panel/difusion/piezas/nueva/?ejercicio=2023", piece_data())
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="outreach.piece.create").count() == 1
    page = client.get("/panel/difusion/?ejercicio=2023")
    uncovered = page.context["uncovered"]
    assert len(uncovered) == 8
    assert Audience.objects.order_by("order").first() not in uncovered
    assert "Públicos a los que ninguna pieza publicada llega" in page.text


def test_a_planned_piece_does_not_count_as_coverage(staff_client, communications_user, entity):
    make_exercise()
    client = staff_client(communications_user)
    client.post("/panel/difusion/piezas/nueva/?ejercicio=2023", piece_data(status="planned"))
    assert len(client.get("/panel/difusion/?ejercicio=2023").context["uncovered"]) == 9


def test_bad_dates_and_a_fake_design_are_refused(staff_client, communications_user, entity):
    make_exercise()
    client = staff_client(communications_user)
    response = client.post(
        "/panel/difusion/piezas/nueva/?ejercicio=2023", piece_data(ends_on="2023-11-01")
    )
    assert "anterior a la inicial" in response.text
    fake = SimpleUploadedFile("diseno.png", b"<svg onload=alert(1)>", "image/png")
    response = client.post(
        "/panel/difusion/piezas/nueva/?ejercicio=2023", {**piece_data(), "design": fake}
    )
    assert response.status_code == 400
    assert Piece.objects.count() == 0


def test_tv_episodes_are_listed_publicly(client, entity):
    exercise = make_exercise()
    Episode.objects.create(
        exercise=exercise,
        aired_on=date(2023, 11, 4),
        tv_channel="Teleantioquia",
        topics="Obras viales",
        video_url="https://www.youtube.com/watch?v=x",
        has_captions=True,
    )
    html = client.get("/rendicion/2023/programa-de-television/").text
    assert "Obras viales" in html and "con subtítulos" in html


def test_the_plan_needs_the_communications_role(client, staff_client, planning_user, entity):
    make_exercise()
    assert client.get("/panel/difusion/").status_code == 302
    assert staff_client(planning_user).get("/panel/difusion/").status_code == 403


def test_the_plan_shows_how_the_evaluations_respondents_heard_of_the_hearing(
    client, staff_client, communications_user, planning_user, entity
):
    """The section was in the template but its figures never reached it: it always said
    there was no data yet."""
    from rinde.evaluation.tests.test_evaluation import valid_answers

    form_obj = _evaluation_form_now(planning_user)
    assert client.post("/rendicion/2023/evaluacion/", valid_answers()).status_code == 303
    page = staff_client(communications_user).get("/panel/difusion/?ejercicio=2023")
    heard = dict(page.context["heard"])
    assert sum(heard.values()) == 2  # "redes sociales" and "sitio web", one person
    assert form_obj.questions.get(code="como_se_entero").maps_to_outreach


def _evaluation_form_now(planning_user):
    from datetime import timedelta

    from django.utils import timezone

    from rinde.evaluation import services as evaluation_services
    from rinde.exercises.models import Event, EventKind

    exercise = make_exercise()
    now = timezone.now()
    event = Event.objects.create(
        exercise=exercise,
        kind=EventKind.HEARING,
        title="Audiencia",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    return evaluation_services.create_form(event=event, actor=planning_user)
