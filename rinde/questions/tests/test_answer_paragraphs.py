"""An answer typed as text with one HTML tag in it keeps its paragraphs on the public page
and in both parts of the e-mail (core.sanitize.text_or_html, the `answer_html` filter)."""

import re

import pytest
from django.core import mail

from rinde.core.sanitize import text_or_html
from rinde.exercises.tests.factories import make_exercise
from rinde.questions import services
from rinde.questions.models import Answer, PetitionKind
from rinde.questions.tests.factories import make_question

MIXED = (
    "Primer párrafo: la obra empieza en marzo.\n\n"
    'Vea el <a href="https://example.org/plan">plan de obras</a>.\n'
    "Segunda línea del mismo párrafo.\n\n"
    "Tercer párrafo & cierre."
)


def paragraphs(html: str) -> list[str]:
    return re.findall(r"<p>(.*?)</p>", html, flags=re.DOTALL)


def test_a_mix_of_text_and_one_tag_keeps_its_paragraphs():
    html = text_or_html(MIXED)
    assert len(paragraphs(html)) == 3
    assert "plan de obras</a>.<br>Segunda línea" in html
    assert "Tercer párrafo &amp; cierre." in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    "value",
    [
        "Solo texto.\n\nOtro párrafo.",
        "<p>Ya en HTML.</p>\n<ul><li>uno</li></ul>",
        MIXED,
        "Texto <b>negrita</b>\n\n<ul>\n<li>uno</li>\n\n<li>dos</li>\n</ul>",
    ],
)
def test_it_changes_nothing_on_its_own_output(value):
    once = text_or_html(value)
    assert text_or_html(once) == once


def test_html_already_laid_out_is_kept_and_scripts_go():
    html = text_or_html(
        "<p>Uno</p><p>Dos <script>alert(1)</script></p><table><tr><td>1</td></tr></table>"
    )
    assert paragraphs(html) == ["Uno", "Dos "] and "<script" not in html and "<table>" in html


def test_plain_text_is_escaped():
    assert (
        text_or_html("a < b & <nombre@dominio.co>")
        == "<p>a &lt; b &amp; &lt;nombre@dominio.co&gt;</p>"
    )


@pytest.mark.django_db
def test_the_public_page_and_the_email_show_the_paragraphs(
    entity, client, planning_user, officer_user, department, django_capture_on_commit_callbacks
):
    question = make_question(make_exercise(), asker_email="ana@example.org", data_authorized=True)
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_answer(
            services.draft_answer(question, actor=officer_user, body=MIXED),
            actor=planning_user,
            approve=True,
        )
    page = client.get(f"/preguntas/{question.tracking_code}/").text
    assert "<p>Primer párrafo: la obra empieza en marzo.</p>" in page
    assert "<p>Tercer párrafo &amp; cierre.</p>" in page
    [message] = [m for m in mail.outbox if "ana@example.org" in m.to]
    html = message.alternatives[0][0]
    assert "<p>Primer párrafo: la obra empieza en marzo.</p>" in html
    assert "marzo.\n\nVea el plan de obras." in message.body


@pytest.mark.django_db
def test_an_answer_stored_before_the_fix_shows_its_paragraphs(
    entity, client, planning_user, officer_user, department
):
    question = make_question(make_exercise())
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    answer = services.draft_answer(question, actor=officer_user, body="x")
    services.review_answer(answer, actor=planning_user, approve=True)
    # What the old text_or_html stored for a mix: cleaned, its blank lines left as text.
    Answer.objects.filter(pk=answer.pk).update(body=MIXED.replace("&", "&amp;"))
    page = client.get(f"/preguntas/{question.tracking_code}/").text
    assert "<p>Primer párrafo: la obra empieza en marzo.</p>" in page
