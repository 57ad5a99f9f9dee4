"""Staff: the photos and documents that back each project's figures in a monthly cut."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core.media import private_file_response
from rinde.plan import services
from rinde.plan.forms import EvidenceForm
from rinde.plan.models import Evidence, Project
from rinde.plan.views import _reports_for


@staff_view(Role.OFFICER, Role.PLANNING)
def staff_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(_reports_for(request.user), pk=pk)
    editable = report.state in services.EDITABLE
    projects = Project.objects.filter(plan=report.plan_id, department=report.department).order_by(
        "code"
    )
    form = EvidenceForm(
        request.POST or None, request.FILES or None, projects=projects, prefix="evidencia"
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.add_evidence(
                report,
                actor=request.user,
                project=form.cleaned_data["project"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                alt_text=form.cleaned_data["alt_text"],
                request=request,
            )
            messages.success(request, _("Evidencia agregada al corte."))
            return redirect("plan:staff_evidence", pk=report.pk)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
    return render(
        request,
        "plan/staff_evidence.html",
        {
            "report": report,
            "form": form,
            "editable": editable,
            "evidence": report.evidence.select_related("project"),
        },
        status=400 if form.errors else 200,
    )


@staff_view(Role.OFFICER, Role.PLANNING)
@require_POST
def staff_evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    report = get_object_or_404(_reports_for(request.user), pk=pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, report=report)
    try:
        services.remove_evidence(evidence, actor=request.user, request=request)
        messages.success(request, _("Evidencia quitada del corte."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("plan:staff_evidence", pk=report.pk)


@staff_view(Role.OFFICER, Role.PLANNING)
@require_GET
def staff_evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """An evidence file from private storage, for the cut's department and planning."""
    report = get_object_or_404(_reports_for(request.user), pk=pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, report=report)
    return private_file_response(evidence.file, download_name=evidence.original_name)
