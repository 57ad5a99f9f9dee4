import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rinde.consultations.models import Survey
from rinde.core.models import AuditEntry
from rinde.exercises.models import Document, DocumentKind
from rinde.portal import navigation
from rinde.questions.quarterly import Quarter
from rinde.questions.tests.factories import make_exercise
from rinde.transparency import feeds, items, participa
from rinde.transparency.models import ItemSetting, Setting

pytestmark = pytest.mark.django_db


def _item_html(html: str, number: str) -> str:
    """The part of the page that shows one item."""
    start = html.index(f'id="item-{number}"')
    end = html.find('class="transparency-item"', start + 1)
    return html[start : end if end > 0 else None]


def _document(exercise, title, kind=DocumentKind.MANAGEMENT_REPORT, days_ago=3):
    published = timezone.now() - timedelta(days=days_ago)
    return Document.objects.create(
        exercise=exercise,
        kind=kind,
        title=title,
        date=published.date(),
        file="x.pdf",
        public_file=f"documentos/{title[:10]}.pdf",
        summary="s",
        sha256="c" * 64,
        published_at=published,
    )


def test_every_item_of_the_menu_is_listed_with_its_number(client, entity):
    html = client.get("/transparencia/").text
    for category in items.MENU:
        assert f'id="categoria-{category.number}"' in html
    for item in items.all_items():
        assert f"{item.number} {item.title}" in html
    # Numbers are unique and every feed named exists.
    numbers = [item.number for item in items.all_items()]
    assert len(numbers) == len(set(numbers))
    assert {item.feed for item in items.all_items() if item.feed} <= set(feeds.FEEDS)


def test_rinde_items_link_to_the_real_pages_fed_by_the_data(client, entity):
    empty = client.get("/transparencia/").text
    assert "Aún no hay informes publicados." in _item_html(empty, "4.7")
    exercise = make_exercise()
    old = _document(exercise, "Estrategia anterior", DocumentKind.STRATEGY, days_ago=40)
    new = _document(exercise, "Informe de gestión reciente")
    cache.clear()
    html = client.get("/transparencia/").text
    reports = _item_html(html, "4.7")
    assert "Aún no hay informes" not in reports
    assert new.public_file.url in reports and old.public_file.url in reports
    assert reports.index(new.title) < reports.index(old.title)  # newest first
    assert timezone.localdate(new.published_at).isoformat() in reports
    assert reverse("questions:report", args=[exercise.slug]) in reports
    assert reverse("questions:quarterly") in _item_html(html, "4.10")
    assert reverse("portal:datos") in _item_html(html, "7.2")
    assert reverse("transparency:participa") in _item_html(html, "6.1")
    assert reverse("questions:ask", args=[exercise.slug]) in _item_html(html, "1.10")
    assert "Aún no hay un Plan de Acción publicado." in _item_html(html, "4.3")


def test_archived_quarters_are_listed_under_4_10(client, entity):
    from rinde.questions.models import QuarterlyReport

    QuarterlyReport.objects.create(year=2023, quarter=4, data={})
    html = _item_html(client.get("/transparencia/").text, "4.10")
    assert "anio=2023&amp;trimestre=4" in html


def test_not_applicable_and_links_out_are_shown(client, entity):
    ItemSetting.objects.create(
        number="10.2",
        setting=Setting.NOT_APPLICABLE,
        reason="La entidad no es un municipio: no liquida el impuesto de industria y comercio.",
    )
    ItemSetting.objects.create(
        number="3.1",
        setting=Setting.LINK,
        url="https://www.itagui.gov.co/contratacion/paa",
        label="Plan anual de adquisiciones en el sitio de la Alcaldía",
    )
    html = client.get("/transparencia/").text
    not_applicable = _item_html(html, "10.2")
    assert "No aplica." in not_applicable and "no liquida el impuesto" in not_applicable
    assert 'href="https://www.itagui.gov.co/contratacion/paa"' in _item_html(html, "3.1")


def test_participa_has_its_six_sections_fed_by_rinde(client, entity):
    html = client.get("/participa/").text
    assert len(participa.SECTIONS) == 6
    for section in participa.SECTIONS:
        assert f'id="{section.slug}"' in html
    assert "Aún no hay consultas publicadas." in html
    exercise = make_exercise()
    now = timezone.now()
    Survey.objects.create(
        exercise=exercise,
        question="¿Qué temas quiere conocer?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    cache.clear()
    html = client.get("/participa/").text
    survey_url = reverse("consultations:survey", args=[exercise.slug])
    diagnosis = html[html.index('id="diagnostico"') : html.index('id="planeacion"')]
    assert survey_url in diagnosis
    assert reverse("exercises:detail", args=[exercise.slug]) in html
    assert reverse("questions:quarterly") in html


def test_both_menus_are_in_the_main_navigation_and_the_sitemap(client, entity):
    names = [page.url_name for page in navigation.main_nav()]
    assert "transparency:transparency" in names and "transparency:participa" in names
    sitemap = client.get("/sitemap.xml").text
    assert "/transparencia/</loc>" in sitemap and "/participa/</loc>" in sitemap
    home = client.get("/").text
    assert 'href="/transparencia/"' in home and 'href="/participa/"' in home


def test_the_pages_answer_head(client, entity):
    assert client.head("/transparencia/").status_code == 200
    assert client.head("/participa/").status_code == 200


@pytest.mark.parametrize("path", ["/transparencia/", "/participa/"])
def test_the_query_count_does_not_grow_with_the_data(
    client, entity, path, django_assert_num_queries
):
    exercise = make_exercise()
    _document(exercise, "Primer informe")
    cache.clear()
    client.get(path)
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(path)
    assert len(first.captured_queries) < 25
    for year in (2021, 2022):
        other = make_exercise(year)
        for n in range(3):
            _document(other, f"Informe {year} número {n}", days_ago=n + 1)
    ItemSetting.objects.create(number="2.1", setting=Setting.LINK, url="https://example.org/")
    cache.clear()
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(path)


def test_the_administrator_configures_an_item_and_it_is_audited(
    client, staff_client, admin_user, entity, django_capture_on_commit_callbacks
):
    client.get("/transparencia/")  # cached
    staff = staff_client(admin_user)
    assert staff.get("/panel/transparencia/").status_code == 200
    response = staff.post(
        "/panel/transparencia/10.1/",
        {"setting": Setting.NOT_APPLICABLE, "reason": "", "url": ""},
    )
    assert response.status_code == 200  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            "/panel/transparencia/10.1/",
            {
                "setting": Setting.NOT_APPLICABLE,
                "reason": "La entidad no recauda rentas locales.",
                "url": "https://quedara.fuera/",
            },
        )
    assert response.status_code == 302
    setting = ItemSetting.objects.get(number="10.1")
    assert setting.url == "" and setting.updated_by == admin_user
    entry = AuditEntry.objects.filter(action="transparency.setting_created").get()
    assert entry.actor == admin_user
    # The public page shows it at once, whatever it had cached.
    assert "no recauda rentas locales" in _item_html(client.get("/transparencia/").text, "10.1")
    with django_capture_on_commit_callbacks(execute=True):
        staff.post("/panel/transparencia/10.1/quitar/")
    assert not ItemSetting.objects.exists()
    assert AuditEntry.objects.filter(action="transparency.setting_cleared").exists()
    assert staff.get("/panel/transparencia/99.9/").status_code == 404


def test_only_the_administrator_edits_the_menu(staff_client, planning_user, entity):
    assert staff_client(planning_user).get("/panel/transparencia/").status_code == 403


def test_the_calendar_item_lists_coming_events_first(client, entity):
    from rinde.questions.tests.factories import make_hearing

    exercise = make_exercise()
    past = make_hearing(exercise, day=date(2023, 12, 15))
    coming = make_hearing(exercise, day=timezone.localdate() + timedelta(days=10))
    html = _item_html(client.get("/transparencia/").text, "1.11")
    first = reverse("exercises:event", args=[exercise.slug, coming.pk])
    second = reverse("exercises:event", args=[exercise.slug, past.pk])
    assert html.index(first) < html.index(second)
    assert re.search(r"calendario\.ics", html)


def test_quarter_helper_used_by_4_10_is_consistent():
    quarter = Quarter(2024, 1)
    assert quarter.end == date(2024, 3, 31)
    assert Quarter.containing(date(2024, 12, 31)) == Quarter(2024, 4)
