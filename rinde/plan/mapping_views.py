"""The mapping step of a spreadsheet import: the planner confirms or corrects which
column of the file holds each of Rinde's fields (importing/mapping.py proposes it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.plan import import_services
from rinde.plan.importing.forms import ColumnsForm
from rinde.plan.models import ImportJob, Plan


@staff_view(Role.OFFICER, Role.PLANNING)
def import_columns(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        ImportJob.objects.select_related("report__department", "plan"),
        pk=pk,
        plan__in=Plan.objects.all(),
        created_by=request.user,
    )
    if job.status != ImportJob.Status.MAPPING:
        return redirect("plan:import_job", pk=job.pk)
    table = import_services.stored_table(job)
    fields, _known = import_services.fields_of(job)
    header = import_services.header_of(job, table)
    form = ColumnsForm(request.POST or None, fields=fields, header=header, proposal=job.columns)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_services.confirm_columns(
                job, columns=form.columns(), actor=request.user, request=request, table=table
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                raise Http404 from None
            messages.error(request, error.messages[0])
            return redirect("plan:import_job", pk=job.pk)
        if job.total_rows <= import_services.background_threshold():
            job = import_services.validate_import(job, table=table)
        return redirect("plan:import_job", pk=job.pk)
    first = header.first_data_row - 1
    labels = [header.label(i) for i in range(len(header.keys))]
    sample = [row[: len(labels)] for row in table.rows[first : first + 3]]
    return render(
        request,
        "plan/import_columns.html",
        {
            "job": job,
            "form": form,
            "header": header,
            "labels": labels,
            "sample": sample,
            "required_missing": [
                f.title for f in fields if f.required and f.title not in job.columns
            ],
        },
        status=400 if form.errors else 200,
    )
