"""The public Transparencia and Participa menus: thin views over items.MENU, participa.SECTIONS
and feeds.FEEDS. Each feed is read once per page, so the query count does not depend on how
many exercises, documents or settings there are."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rinde.core.public_cache import public_page
from rinde.transparency import feeds, items, participa
from rinde.transparency.models import ItemSetting, Setting


def _read(names) -> dict[str, feeds.Feed]:
    read: dict[str, feeds.Feed] = {}
    for name in names:
        if name and name not in read:
            read[name] = feeds.FEEDS[name]()
    return read


def menu_rows() -> list[dict]:
    """Each category with its items, each with Rinde's feed (None when Rinde does not hold
    it) and the administrator's setting (None when there is none)."""
    settings = {s.number: s for s in ItemSetting.objects.all()}
    read = _read(item.feed for item in items.all_items())
    return [
        {
            "category": category,
            "rows": [
                {
                    "item": item,
                    "feed": read.get(item.feed),
                    "setting": settings.get(item.number),
                }
                for item in category.items
            ],
        }
        for category in items.MENU
    ]


@require_safe
@public_page
def transparency(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "transparency/transparency.html",
        {
            "categories": menu_rows(),
            "LINK": Setting.LINK,
            "NOT_APPLICABLE": Setting.NOT_APPLICABLE,
        },
    )


@require_safe
@public_page
def participa_page(request: HttpRequest) -> HttpResponse:
    read = _read(name for section in participa.SECTIONS for name in section.feeds)
    sections = [
        {
            "section": section,
            "feeds": [(feeds.TITLES[name], read[name]) for name in section.feeds],
        }
        for section in participa.SECTIONS
    ]
    return render(request, "transparency/participa.html", {"sections": sections})
