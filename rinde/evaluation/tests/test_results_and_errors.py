"""The error summary of the evaluation and the survey: each error links to its field (the
first option of a group of radios or checkboxes), and a label ending in ":" gets no second
one. The results page goes h1 → h2 → h3, and a multiple-choice chart's shares are of the
people who answered."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rinde.consultations.tests.test_survey import answer, survey  # noqa: F401
from rinde.evaluation.models import EvaluationForm
from rinde.evaluation.tests.test_evaluation import form, valid_answers  # noqa: F401

pytestmark = pytest.mark.django_db


def summary_links(html: str) -> list[tuple[str, str]]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    return re.findall(r'<a href="#([^"]*)">([^<]*)</a>', summary)


def test_evaluation_errors_link_to_their_fields_without_a_double_colon(client, form):  # noqa: F811
    data = valid_answers()
    del data["q_explicacion"], data["q_como_se_entero"]
    response = client.post("/rendicion/2023/evaluacion/", data)
    assert response.status_code == 400
    links = summary_links(response.text)
    assert len(links) == 2
    for target, text in links:
        assert target and f'id="{target}"' in response.text
        assert "::" not in text
    assert any(
        t.startswith("La explicación inicial sobre cómo intervenir en la audiencia fue: ")
        for _, t in links
    )


def test_survey_errors_link_to_the_first_option(client, survey):  # noqa: F811
    response = answer(client, survey, options=[])
    assert response.status_code == 400
    ((target, _text),) = summary_links(response.text)
    assert target == "id_options_0" and 'id="id_options_0"' in response.text


def test_the_results_page_skips_no_heading_level(client, form):  # noqa: F811
    client.post("/rendicion/2023/evaluacion/", valid_answers())
    EvaluationForm.objects.filter(pk=form.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    html = Client().get("/rendicion/2023/evaluacion/").text
    main = html[html.index("<main") :]
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", main)]
    assert levels[0] == 1 and 3 in levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


def test_a_multiple_choice_chart_gives_shares_of_the_people_who_answered(client, form):  # noqa: F811
    # One person picked two channels: each is 1 of 1 person (100 %), not half the choices.
    client.post("/rendicion/2023/evaluacion/", valid_answers())
    EvaluationForm.objects.filter(pk=form.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    html = Client().get("/rendicion/2023/evaluacion/").text
    question = form.questions.get(code="como_se_entero")
    chart = re.search(rf'aria-labelledby="q{question.pk}-title .*?</svg>', html, re.S).group(0)
    assert chart.count("1 (100 %)") == 2 and "(50 %)" not in chart
