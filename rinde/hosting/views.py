from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rinde.core.public_cache import public_page
from rinde.core.search import fold, folded
from rinde.entity.models import Domain
from rinde.hosting.forms import EntityFilterForm
from rinde.hosting.models import EntityFigures

PAGE_SIZE = 50


@require_safe
@public_page
def entities(request: HttpRequest) -> HttpResponse:
    """/entidades/: the published figures of every entity this installation serves, side
    by side, each linked to its own site. It reads the stored figures only
    (figures.refresh), so its queries do not grow with the entities or their data."""
    rows = EntityFigures.objects.filter(entity__is_active=True).select_related("entity")
    departamentos = sorted(
        {d for d in rows.values_list("entity__departamento", flat=True).distinct() if d}
    )
    form = EntityFilterForm(request.GET or None, departamentos=departamentos)
    if form.is_valid():
        if form.cleaned_data["q"]:
            term = fold(form.cleaned_data["q"])
            rows = rows.alias(
                name=folded("entity__name"), place=folded("entity__municipality")
            ).filter(Q(name__contains=term) | Q(place__contains=term))
        if form.cleaned_data["departamento"]:
            rows = rows.filter(entity__departamento=form.cleaned_data["departamento"])
    rows = rows.prefetch_related(
        Prefetch(
            "entity__domains",
            queryset=Domain.objects.filter(is_primary=True),
            to_attr="primary_domains",
        )
    ).order_by("entity__name", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "hosting/entities.html",
        {
            "form": form,
            "page": page,
            "rows": [(row, _site_url(request, row)) for row in page.object_list],
            "query": query.urlencode(),
            "filtered": bool(query),
        },
    )


def _site_url(request: HttpRequest, row: EntityFigures) -> str:
    """The entity's own address: its primary domain, else /e/<slug>/ on this host (from
    the root: the page may be shown under another entity's prefix)."""
    domains = row.entity.primary_domains  # type: ignore[attr-defined]  # Prefetch's to_attr
    if domains:
        return f"{request.scheme}://{domains[0].host}/"
    return f"/e/{row.entity.slug}/"
