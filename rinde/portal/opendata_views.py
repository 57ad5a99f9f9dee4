import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from rinde.core.public_cache import public_page, site_version
from rinde.core.streaming import csv_response, xlsx_response
from rinde.entity.models import Entity
from rinde.portal import datasets

FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
# Sizes are measured by writing the file once per change of its table: a day is only the
# bound on a table whose change left no trace (a deleted row).
SIZE_CACHE_SECONDS = 24 * 60 * 60


def _plain(value):
    if isinstance(value, Decimal):
        # Plain positional notation: normalize() alone turns 2093000000 into "2.093E+9".
        return format(value.normalize(), "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _json_chunks(dataset: datasets.Dataset) -> Iterator[str]:
    header = dataset.header
    yield "["
    for i, row in enumerate(dataset.export_rows()):
        yield ("," if i else "") + json.dumps(
            dict(zip(header, (_plain(v) for v in row), strict=True)), ensure_ascii=False
        )
    yield "]"


def _csv_response(dataset: datasets.Dataset):
    return csv_response(f"{dataset.slug}.csv", dataset.header, dataset.export_rows(), plain=_plain)


def _byte_size(dataset: datasets.Dataset, fmt: str, modified: datetime | None) -> int | None:
    """The size of the CSV or JSON file as downloaded (uncompressed), measured by writing it
    without keeping it; an XLSX file's size is not known without building it."""
    if fmt == "xlsx":
        return None
    stamp = modified.isoformat() if modified else "none"
    # Per entity: two entities' datasets share slugs, and may share a stamp (step 6).
    entity_id = Entity.objects.current().pk
    key = f"opendata:bytes:{entity_id}:{dataset.slug}:{fmt}:{stamp}:{site_version()}"

    def measure() -> int:
        if fmt == "csv":
            chunks = _csv_response(dataset).streaming_content
            return sum(len(chunk) for chunk in chunks)
        return sum(len(chunk.encode()) for chunk in _json_chunks(dataset))

    return cache.get_or_set(key, measure, timeout=SIZE_CACHE_SECONDS)


def _listing():
    """Each dataset with its latest change, for the page and the catalogue (tables that
    share their source, the plan's cuts, ask once)."""
    known = {}
    for d in datasets.DATASETS:
        if d.modified not in known:
            known[d.modified] = d.modified()
    return [(d, known[d.modified]) for d in datasets.DATASETS]


@require_safe
@public_page
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/datos.html",
        {"datasets": _listing(), "licence": datasets.LICENCE, "licence_url": datasets.LICENCE_URL},
    )


def _iso(moment) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return timezone.localtime(moment).isoformat(timespec="seconds")
    return moment.isoformat()


def dcat_catalogue(request: HttpRequest) -> dict:
    """The catalogue in DCAT-AP terms (JSON-LD), as datos.gov.co and the European portals
    read it: a dcat:Catalog of dcat:Dataset, each with its dcat:Distribution per format."""
    entity = Entity.objects.current()
    publisher = {"@type": "foaf:Organization", "foaf:name": entity.name}
    place = ", ".join(p for p in (entity.municipality, "Colombia") if p)
    items = []
    latest_change = None
    for d, modified in _listing():
        latest_change = datasets.latest(latest_change, modified)
        first, last = d.temporal()
        landing = request.build_absolute_uri(reverse("portal:datos")) + f"#ds-{d.slug}"
        item = {
            "@type": "dcat:Dataset",
            "dct:identifier": d.slug,
            "dct:title": str(d.title),
            "dct:description": str(d.description),
            "dct:publisher": publisher,
            "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:hasEmail": entity.email},
            "dct:license": datasets.LICENCE_URL,
            "dct:rights": datasets.LICENCE,
            "dct:accrualPeriodicity": str(d.frequency),
            "dct:language": "es",
            "dcat:keyword": [str(k) for k in d.keywords],
            "dct:spatial": {"@type": "dct:Location", "skos:prefLabel": place},
            "dcat:landingPage": landing,
            "dct:modified": _iso(modified),
            "dct:temporal": {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": _iso(first),
                "dcat:endDate": _iso(last),
            },
            # The data dictionary: each column, its meaning and, when coded, its values.
            "rinde:columns": [
                {
                    "name": c.name,
                    "description": str(c.description),
                    **({"allowedValues": c.allowed_values()} if c.choices else {}),
                }
                for c in d.columns
            ],
            "dcat:distribution": [],
        }
        for fmt, media_type in FORMATS.items():
            distribution = {
                "@type": "dcat:Distribution",
                "dct:title": f"{d.title} ({fmt.upper()})",
                "dct:format": fmt.upper(),
                "dcat:mediaType": media_type,
                "dcat:downloadURL": request.build_absolute_uri(
                    reverse("portal:dataset", args=[d.slug, fmt])
                ),
                "dct:license": datasets.LICENCE_URL,
                "dct:modified": _iso(modified),
            }
            size = _byte_size(d, fmt, modified)
            if size is not None:
                distribution["dcat:byteSize"] = size
            item["dcat:distribution"].append(distribution)
        items.append(item)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "rinde": request.build_absolute_uri(reverse("portal:datos")) + "#",
        },
        "@type": "dcat:Catalog",
        "dct:title": f"Datos abiertos · {entity.name}",
        "dct:description": "Las tablas públicas de la rendición de cuentas.",
        "dct:publisher": publisher,
        "dct:language": "es",
        "dct:license": datasets.LICENCE_URL,
        "dct:modified": _iso(latest_change),
        "dcat:dataset": items,
    }


@require_safe
def catalogue_json(request: HttpRequest) -> JsonResponse:
    """Machine-readable metadata (DCAT-AP) for every dataset."""
    return JsonResponse(
        dcat_catalogue(request),
        json_dumps_params={"ensure_ascii": False},
        # JSON-LD, served as plain JSON: what harvesters and browsers expect at a .json name.
        content_type="application/json; charset=utf-8",
    )


@require_safe
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = datasets.get(slug)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    if fmt == "csv":
        response = _csv_response(dataset)
    elif fmt == "xlsx":
        response = xlsx_response(
            f"{slug}.{fmt}",
            dataset.header,
            (
                [float(v) if isinstance(v, Decimal) else _plain(v) for v in row]
                for row in dataset.export_rows()
            ),
            sheet=slug,
        )
    else:
        response = StreamingHttpResponse(
            _json_chunks(dataset), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{slug}.json"'
    modified = dataset.modified()
    if modified is not None:
        # The table's own latest change, which the catalogue also gives.
        response["Last-Modified"] = http_date(modified.timestamp())
    return response
