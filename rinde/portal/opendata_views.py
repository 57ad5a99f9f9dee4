import json
from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from rinde.core.public_cache import public_page
from rinde.core.streaming import csv_response, xlsx_response
from rinde.entity.models import Entity
from rinde.portal import datasets


def _plain(value):
    if isinstance(value, Decimal):
        # Plain positional notation: normalize() alone turns 2093000000 into "2.093E+9".
        return format(value.normalize(), "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


@require_safe
@public_page
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/datos.html", {"datasets": datasets.DATASETS, "licence": datasets.LICENCE}
    )


@require_safe
def catalogue_json(request: HttpRequest) -> JsonResponse:
    """Machine-readable metadata (DCAT-like) for every dataset."""
    entity = Entity.objects.current()
    items = []
    for d in datasets.DATASETS:
        items.append(
            {
                "identifier": d.slug,
                "title": str(d.title),
                "description": str(d.description),
                "publisher": entity.name,
                "contactPoint": entity.email,
                "accrualPeriodicity": str(d.frequency),
                "license": datasets.LICENCE,
                "modified": timezone.localdate().isoformat(),
                "columns": [{"name": c, "description": str(desc)} for c, desc in d.columns],
                "distribution": [
                    {
                        "format": fmt.upper(),
                        "downloadURL": request.build_absolute_uri(
                            reverse("portal:dataset", args=[d.slug, fmt])
                        ),
                    }
                    for fmt in ("csv", "xlsx", "json")
                ],
            }
        )
    return JsonResponse({"title": f"Datos abiertos · {entity.name}", "dataset": items})


@require_safe
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = datasets.get(slug)
    if dataset is None or fmt not in ("csv", "xlsx", "json"):
        raise Http404
    header = [c for c, _ in dataset.columns]
    filename = f"{slug}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, dataset.rows(), plain=_plain)
    if fmt == "xlsx":
        return xlsx_response(
            filename,
            header,
            (
                [float(v) if isinstance(v, Decimal) else _plain(v) for v in row]
                for row in dataset.rows()
            ),
            sheet=slug,
        )

    def chunks():
        yield "["
        for i, row in enumerate(dataset.rows()):
            yield ("," if i else "") + json.dumps(
                dict(zip(header, (_plain(v) for v in row), strict=True)), ensure_ascii=False
            )
        yield "]"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
