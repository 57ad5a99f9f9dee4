"""Addresses of 255-320 characters pass Django's form EmailField (RFC 3696) but not the 254
characters models.EmailField stores: PostgreSQL refused the row with a 500. Every form and
import that takes one now says so in Spanish, and stores nothing."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rinde.consultations.models import Comment, Forum
from rinde.core.antispam import sign_start
from rinde.exercises.models import Registration
from rinde.exercises.tests.factories import make_exercise, make_hearing
from rinde.outreach.models import MediaContact
from rinde.questions.models import Question

pytestmark = pytest.mark.django_db

# 311 characters, valid to Django's validate_email.
LONG = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".co"
TOO_LONG = "El correo tiene 311 caracteres; el máximo es 254."


def _public(**data):
    return {"website": "", "started": sign_start(time.time() - 30), **data}


def test_a_question_with_a_too_long_address_is_refused_in_spanish(client, entity):
    make_exercise()
    response = client.post(
        "/rendicion/2023/preguntas/nueva/",
        _public(
            text="¿Cuándo arreglan el andén de la calle 50?",
            asker_email=LONG,
            data_authorized="on",
        ),
    )
    assert response.status_code == 400
    assert TOO_LONG in response.text
    assert not Question.objects.exists()


def test_staff_registering_a_question_with_a_too_long_address_are_told(
    staff_client, ict_user, entity
):
    make_exercise()
    response = staff_client(ict_user).post(
        "/panel/preguntas/nueva/",
        {
            "channel": "paper",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "text": "¿Cuándo abren el centro de salud de San Pío?",
            "asker_email": LONG,
            "data_authorized": "on",
        },
    )
    assert TOO_LONG in response.text
    assert not Question.objects.exists()


def test_a_forum_comment_with_a_too_long_address_is_refused_in_spanish(client, entity):
    now = timezone.now()
    Forum.objects.create(
        exercise=make_exercise(),
        question="¿Qué opina?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    response = client.post(
        "/rendicion/2023/foro/comentar/",
        _public(body="Me parece un buen informe.", email=LONG, authorized="on"),
    )
    assert response.status_code == 400
    assert TOO_LONG in response.text
    assert not Comment.objects.exists()


def test_an_event_registration_with_a_too_long_address_is_refused_in_spanish(client, entity):
    exercise = make_exercise(timezone.now().year)
    start = timezone.now() + timedelta(days=10)
    event = make_hearing(exercise, starts_at=start, ends_at=start + timedelta(hours=3))
    response = client.post(
        f"/rendicion/{exercise.year}/eventos/{event.pk}/inscripcion/asistir/",
        _public(name="Ana Pérez", email=LONG, phone="", consent="on"),
    )
    assert TOO_LONG in response.text
    assert not Registration.objects.exists()


def test_a_media_directory_with_a_too_long_address_is_reported(
    staff_client, communications_user, entity
):
    text = f"medio;alcance;tipo;correo\nEmisora Sur;local;radio;{LONG}\n"
    client = staff_client(communications_user)
    response = client.post(
        "/panel/difusion/medios/",
        {"file": SimpleUploadedFile("medios.csv", text.encode(), "text/csv")},
    )
    assert response.status_code == 400
    assert [(e.line, e.column) for e in response.context["errors"]] == [(2, "correo")]
    client.post("/panel/difusion/medios/", {"confirm": "1"})
    assert not MediaContact.objects.exists()


def test_every_form_takes_addresses_through_the_shared_field():
    # A plain forms.EmailField takes 320 characters: new forms use EmailAddressField.
    root = Path(__file__).resolve().parents[2]
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "email_address.py"
        and "forms.EmailField(" in path.read_text()
    ]
    assert found == []
