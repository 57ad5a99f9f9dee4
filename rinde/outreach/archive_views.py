"""The deliverables archive: the public page of an exercise and the staff panel."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core.media import private_file_response
from rinde.core.public_cache import public_page
from rinde.exercises.models import Exercise
from rinde.outreach import archive
from rinde.outreach.forms import DeliverableForm
from rinde.outreach.models import ArchiveExport, Deliverable, ExportStatus
from rinde.outreach.views import _exercise

PAGE_SIZE = 24


@require_safe
@public_page
def public_archive(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    slug = request.GET.get("tipo", "")
    kind = archive.KIND_SLUGS.get(slug)
    items = Deliverable.objects.for_public_archive(exercise, kind)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "outreach/archive.html",
        {
            "exercise": exercise,
            "page": page,
            "kind_slug": slug if kind else "",
            "kinds": [(s, k.label) for s, k in archive.KIND_SLUGS.items()],
            "query": urlencode({"tipo": slug}) if kind else "",
        },
    )


def _staff_archive_url(exercise: Exercise) -> str:
    return f"{reverse('outreach:staff_archive')}?{urlencode({'ejercicio': exercise.slug})}"


@staff_view(Role.COMMUNICATIONS)
@require_GET
def staff_archive(request: HttpRequest) -> HttpResponse:
    """The archive's items and its zip for the final report, with the zip's status."""
    exercise = _exercise(request)
    if exercise is None:
        return render(request, "questions/no_exercise.html")
    context = {
        "exercise": exercise,
        "exercises": Exercise.objects.order_by("-year"),
        "items": Deliverable.objects.filter(exercise=exercise).in_archive_order(),
        "export": ArchiveExport.objects.filter(exercise=exercise).first(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "outreach/staff_archive.html#zip", context)
    return render(request, "outreach/staff_archive.html", context)


@staff_view(Role.COMMUNICATIONS)
def staff_deliverable(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk:
        item = get_object_or_404(
            Deliverable.objects.select_related("exercise"),
            pk=pk,
            exercise__in=Exercise.objects.all(),
        )
    else:
        exercise = _exercise(request)
        if exercise is None:
            return render(request, "questions/no_exercise.html")
        item = Deliverable(exercise=exercise)
    form = DeliverableForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        archive.save_deliverable(item, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, _("Entregable guardado en el archivo."))
        return redirect(_staff_archive_url(item.exercise))
    return render(
        request,
        "outreach/deliverable_form.html",
        {"form": form, "item": item},
        status=400 if form.errors else 200,
    )


@staff_view(Role.COMMUNICATIONS)
@require_POST
def staff_deliverable_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Deliverable.objects.select_related("exercise"), pk=pk, exercise__in=Exercise.objects.all()
    )
    exercise = item.exercise
    archive.delete_deliverable(item, actor=request.user, request=request)
    messages.success(request, _("Entregable eliminado del archivo."))
    return redirect(_staff_archive_url(exercise))


@staff_view(Role.COMMUNICATIONS)
@require_POST
def staff_archive_zip(request: HttpRequest) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.with_slug(request.POST.get("ejercicio", "")))
    archive.request_zip(exercise, actor=request.user, request=request)
    messages.success(request, _("El zip se prepara en segundo plano; su estado aparece abajo."))
    return redirect(_staff_archive_url(exercise))


@staff_view(Role.COMMUNICATIONS)
@require_GET
def staff_archive_zip_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(
        ArchiveExport.objects.select_related("exercise"), pk=pk, exercise__in=Exercise.objects.all()
    )
    if export.status != ExportStatus.READY or not export.file:
        raise Http404
    return private_file_response(
        export.file, download_name=f"rendicion-{export.exercise.year}-archivo.zip"
    )
