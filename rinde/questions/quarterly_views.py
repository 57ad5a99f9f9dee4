"""The quarterly requests report as a page, a PDF and a spreadsheet (questions.quarterly)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from rinde.entity.calendar import work_calendar
from rinde.questions import quarterly, report_pdfs
from rinde.questions.models import Question
from rinde.questions.quarterly import Quarter

ROWS_PER_PAGE = 50


def _years(today) -> list[int]:
    """The years with requests, and the current one: the only ones with a report, so no
    request archives an empty quarter from before Rinde was in use."""
    return sorted(
        {d.year for d in Question.objects.dates("received_on", "year")} | {today.year},
        reverse=True,
    )


def _quarter(year, number, today, years: list[int]) -> Quarter:
    """The quarter asked for; none after the current one (it has no report yet)."""
    try:
        quarter = Quarter(int(year), int(number))
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= quarter.number <= 4 or quarter.year not in years or quarter.start > today:
        raise Http404
    return quarter


@require_safe
def quarterly_report(request: HttpRequest) -> HttpResponse:
    """Decreto 103 de 2015, art. 52 (Res. 1519 item 4.10): requests received, forwarded,
    denied and why, and the time taken to answer each one, by quarter."""
    today = timezone.localdate()
    current = Quarter.containing(today)
    years = _years(today)
    quarter = _quarter(
        request.GET.get("anio", current.year),
        request.GET.get("trimestre", current.number),
        today,
        years,
    )
    data, is_archived = quarterly.report(quarter, work_calendar(), today)
    data = quarterly.readable(data)
    page = Paginator(data["requests"], ROWS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "questions/quarterly.html",
        {
            "quarter": quarter,
            "report": data,
            "figures": data["totals"],
            "is_archived": is_archived,
            "page": page,
            "query": f"anio={quarter.year}&trimestre={quarter.number}",
            "years": years,
            "quarters": [1, 2, 3, 4],
            "archive": quarterly.archived_quarters(),
        },
    )


@require_safe
def quarterly_download(request: HttpRequest, year: int, quarter: int, fmt: str) -> HttpResponse:
    today = timezone.localdate()
    wanted = _quarter(year, quarter, today, _years(today))
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    data, is_archived = quarterly.report(wanted, work_calendar(), today)
    name = f"informe-trimestral-solicitudes-{wanted.slug()}.{fmt}"
    if fmt == "xlsx":
        content = quarterly.as_xlsx(data)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        pdf = report_pdfs.quarterly_report_pdf(wanted, data)
        if not pdf.content:
            response = render(
                request, "questions/quarterly_pending.html", {"quarter": wanted}, status=503
            )
            response["Retry-After"] = "30"
            return response
        response = HttpResponse(bytes(pdf.content), content_type="application/pdf")
        response["ETag"] = f'"{pdf.fingerprint}"'
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
