"""The survey's chart and its table print the same share for each topic: of the people who
answered (each may pick several topics), rounded the same way."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rinde.consultations.tests.test_survey import answer, survey  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_chart_shares_match_the_table(survey):  # noqa: F811
    vias, salud, _seguridad = survey.options.all()
    # Three people: two pick both topics, one picks only Vías. Vías 3 of 3 people, Salud
    # 2 of 3 (67 %); as shares of the 5 choices they would be 60 % and 40 %.
    for n, picked in enumerate([[vias, salud], [vias, salud], [vias]]):
        client = Client(REMOTE_ADDR=f"10.9.0.{n + 1}")
        assert answer(client, survey, options=[str(o.pk) for o in picked]).status_code == 303
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()

    html = Client().get("/rendicion/2023/encuesta/").text
    table = dict(re.findall(r'<th scope="row">([^<]+)</th><td>\d+</td><td>(\d+) %</td>', html))
    wide = re.search(r'class="chart chart-wide".*?</svg>', html, re.S).group(0)
    chart = dict(re.findall(r">([^<>]+)</text><rect[^>]*/><text[^>]*>\d+ \((\d+) %\)", wide))
    assert table == {"Vías": "100", "Salud": "67", "Seguridad": "0"}
    assert chart == table
