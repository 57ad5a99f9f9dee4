"""After the hearing the live page shows the recording and where the answers will appear,
not a stream that ended (issue 15)."""

import pytest

from rinde.exercises.tests.factories import make_exercise
from rinde.questions.tests.factories import make_hearing

pytestmark = pytest.mark.django_db

LIVE = "/rendicion/2023/en-vivo/"


@pytest.fixture
def hearing(entity):
    hearing = make_hearing(make_exercise())
    hearing.stream_url = "https://www.youtube.com/watch?v=abcdefghijk"
    hearing.save()
    return hearing


def test_during_the_hearing_the_page_offers_the_stream_and_the_question_form(
    client, hearing, time_machine
):
    time_machine.move_to(hearing.starts_at)
    page = client.get(LIVE).text
    assert "Ver la transmisión" in page and 'name="text"' in page
    assert "La audiencia terminó" not in page


def test_after_the_hearing_the_page_shows_the_recording_and_where_answers_appear(
    client, hearing, time_machine
):
    time_machine.move_to(hearing.ends_at)
    page = client.get(LIVE).text
    assert "La audiencia terminó" in page
    assert "La grabación de la audiencia se publicará aquí." in page
    assert "Ver la transmisión" not in page and "data-embed" not in page
    assert "/rendicion/2023/preguntas/" in page and "/preguntas/" in page
    hearing.recording_url = "https://video.example.org/audiencia-2023"
    hearing.save()
    page = client.get(LIVE).text
    assert 'href="https://video.example.org/audiencia-2023"' in page
