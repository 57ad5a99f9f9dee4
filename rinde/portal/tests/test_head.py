"""Every public GET page answers HEAD (RFC 9110: a server that answers GET answers HEAD).
Built from the URL conf and the sitemap, so a new page is covered without editing this."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from rinde.plan.tests.factories import make_plan_tree
from rinde.portal.sitemaps import SITEMAPS
from rinde.questions.tests.factories import make_exercise, make_hearing, make_question

pytestmark = pytest.mark.django_db

# Staff, Django's admin and the metrics endpoint are not public pages.
NOT_PUBLIC = ("panel/", "metrics", "media/")


def _parameterless(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _parameterless(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(" not in route:
            yield "/" + route.lstrip("^").rstrip("$")


def public_urls() -> list[str]:
    urls = [url for url in _parameterless() if not url.lstrip("/").startswith(NOT_PUBLIC)]
    for sitemap in SITEMAPS.values():
        site = sitemap()
        urls += [site.location(item) for item in site.items()]
    return sorted(set(urls))


def test_every_public_page_that_answers_get_answers_head(client, entity, department):
    make_plan_tree(department)
    exercise = make_exercise()
    make_hearing(exercise)
    make_question(exercise)
    urls = public_urls()
    # The sitemap brought the object pages in (plan, exercise, event, question).
    assert any(url.startswith("/plan/") and url.count("/") > 3 for url in urls)
    assert any(f"/{exercise.slug}/" in url for url in urls)
    refused = []
    for url in urls:
        if client.get(url).status_code == 405:
            continue  # an action (POST only), not a page
        head = client.head(url)
        if head.status_code == 405:
            refused.append(url)
        assert head.content == b""
    assert refused == []
    assert len(urls) > 20


def test_head_plan_is_not_refused(client, entity, department):
    make_plan_tree(department)
    assert client.head("/plan/").status_code == 200
