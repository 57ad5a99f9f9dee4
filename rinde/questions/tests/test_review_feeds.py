"""Review of issue 16: the answers feeds carry a citizen's text as text. RSS descriptions and
Atom summaries (type="html") are read as HTML by feed readers, so markup typed into a
question must arrive escaped, never as an element."""

from xml.etree import ElementTree

import pytest

from rinde.exercises.tests.factories import make_exercise
from rinde.questions import services
from rinde.questions.models import PetitionKind
from rinde.questions.tests.factories import make_question

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = '<img src="x" onerror="alert(1)">'


@pytest.fixture
def answered(entity, department, ict_user, officer_user, planning_user):
    question = make_question(make_exercise(), text=f"¿Cuándo arreglan la vía? {MARKUP}")
    services.classify_question(
        question, actor=ict_user, department=department, kind=PetitionKind.GENERAL, topic="Vías"
    )
    answer = services.draft_answer(
        question, actor=officer_user, body="<p>La vía se arregla en enero.</p>"
    )
    services.review_answer(answer, actor=planning_user, approve=True)
    return question


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/preguntas/respuestas/atom/", f"{ATOM}entry/{ATOM}summary"),
        ("/preguntas/respuestas/feed/", "channel/item/description"),
    ],
)
def test_markup_in_a_question_reaches_feed_readers_as_text(client, answered, url, path):
    root = ElementTree.fromstring(client.get(url).content)  # noqa: S314 - our own feed
    [summary] = root.findall(path)
    # What the reader renders as HTML: the markup must be escaped inside it.
    assert "<img" not in summary.text
    assert "&lt;img" in summary.text
