"""has_html_tag tells markup from "<" and ">" written as text."""

import pytest

from rinde.core.sanitize import has_html_tag


@pytest.mark.parametrize(
    "text",
    [
        "La cobertura fue <60% y luego >80%",
        "a < b y c > d",
        "3<4 y 5>2",
        "<nombre@dominio.co>",
        "<https://www.itagui.gov.co/>",
        "<- volver ->",
        "",
    ],
)
def test_text_with_angle_brackets_is_not_markup(text):
    assert not has_html_tag(text)


@pytest.mark.parametrize(
    "text",
    [
        "<b>hola</b>",
        '<img src="x" onerror="alert(1)">',
        "<svg/onload=alert(1)>",
        "<marquee>anuncio</marquee>",
        "<custom-element>",
        "</div>",
        "<br/>",
        "<!-- oculto -->",
        "<!DOCTYPE html>",
        "<SCRIPT >alert(1)</SCRIPT>",
    ],
)
def test_tags_and_comments_are_markup(text):
    assert has_html_tag(text)
