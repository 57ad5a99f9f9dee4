"""Page-number pagination for the API: the count, the page, and links to its neighbours."""

from math import ceil

from django.http import HttpRequest

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 100_000


class PageNotFound(Exception):
    """A page past the last one: the caller answers 404."""


def _link(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["pagina"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, queryset, *, page: int, per_page: int) -> tuple[list, dict]:
    """The rows of page `page` and the envelope's figures (total, pages, next, previous).
    Page 1 of an empty list exists; any page past the last does not."""
    total = queryset.count()
    pages = max(1, ceil(total / per_page))
    if page > pages:
        raise PageNotFound
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page])
    return rows, {
        "total": total,
        "pagina": page,
        "paginas": pages,
        "siguiente": _link(request, page + 1) if page < pages else None,
        "anterior": _link(request, page - 1) if page > 1 else None,
    }
