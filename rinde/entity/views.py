from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core import upload_preview
from rinde.entity import calendar_change, first_run, services
from rinde.entity.department_list import (
    rows_as_data,
    rows_from_cells,
    rows_from_data,
    rows_from_text,
)
from rinde.entity.forms import DepartmentForm, DepartmentListForm, EntityForm, NonWorkingDayForm
from rinde.entity.models import Department, Entity, NonWorkingDay, entity_of_new_row

# Departments and the calendar decide who answers and when terms run: the planning office
# keeps them, with the administrator.
CALENDAR_KEEPERS = (Role.PLANNING,)


@staff_view(Role.ADMIN)
def first_run_checklist(request):
    steps = first_run.steps()
    return render(
        request,
        "entity/first_run.html",
        {"steps": steps, "all_done": all(step.done for step in steps)},
    )


@staff_view(Role.ADMIN)
def entity_edit(request):
    # The request's entity (None before the first-run set-up: a new one).
    entity = request.entity or Entity()
    form = EntityForm(request.POST or None, request.FILES or None, instance=entity)
    if request.method == "POST" and form.is_valid():
        first_time = entity.pk is None
        try:
            services.save_entity(entity, form.entity_values(), actor=request.user, request=request)
        except services.EntityExists:
            # Another first-run form was saved in between: that one is the entity.
            messages.error(request, _("La entidad ya estaba creada: revise sus datos."))
            return redirect("entity:edit")
        messages.success(request, _("Datos de la entidad guardados."))
        return redirect("entity:first_run" if first_time else "entity:edit")
    return render(request, "entity/entity_form.html", {"form": form, "entity_obj": entity})


@staff_view(*CALENDAR_KEEPERS)
def departments(request):
    items = Department.objects.annotate(people=Count("memberships")).order_by("-is_active", "name")
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        department = services.save_department(
            None, **form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, _("Dependencia «%(name)s» creada.") % {"name": department})
        return redirect("entity:departments")
    return render(request, "entity/departments.html", {"departments": items, "form": form})


@staff_view(*CALENDAR_KEEPERS)
def department_edit(request, pk):
    department = get_object_or_404(Department, pk=pk)
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        services.save_department(
            department, **form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, _("Dependencia actualizada."))
        return redirect("entity:departments")
    return render(request, "entity/department_form.html", {"form": form, "department": department})


DEPARTMENT_LIST_PREVIEW_FLOW = "entity:department_list"


@staff_view(*CALENDAR_KEEPERS)
def department_list(request):
    """Many departments at once: pasted or from a spreadsheet, previewed, then saved."""
    # The confirm button carries only the preview's key: what is saved is what was shown.
    if request.method == "POST" and "preview" in request.POST:
        return _confirm_department_list(request)
    form = DepartmentListForm(request.POST or None, request.FILES or None)
    rows, errors, preview_key = [], [], ""
    if request.method == "POST" and form.is_valid():
        table = form.cleaned_data.get("upload")
        rows, errors = (
            rows_from_cells(table) if table else rows_from_text(form.cleaned_data["text"])
        )
        if not rows and not errors:
            errors = [_("La lista no tiene ninguna dependencia.")]
        if not errors:
            preview_key = upload_preview.keep(
                request, DEPARTMENT_LIST_PREVIEW_FLOW, rows_as_data(rows)
            )
    own = Department.objects.filter(entity_id=entity_of_new_row())
    existing = {name.lower() for name in own.values_list("name", flat=True)}
    return render(
        request,
        "entity/department_list.html",
        {
            "form": form,
            "rows": rows,
            "errors": errors,
            "existing": existing,
            "preview_key": preview_key,
        },
    )


def _confirm_department_list(request):
    preview_key = request.POST.get("preview", "")
    stored = upload_preview.take(request, DEPARTMENT_LIST_PREVIEW_FLOW, preview_key)
    if not stored:
        messages.error(request, upload_preview.EXPIRED_MESSAGE)
        return redirect("entity:department_list")
    created, updated = services.add_departments(
        rows_from_data(stored), actor=request.user, request=request
    )
    upload_preview.drop(request, DEPARTMENT_LIST_PREVIEW_FLOW, preview_key)
    messages.success(
        request,
        ngettext("%(n)d dependencia creada", "%(n)d dependencias creadas", created) % {"n": created}
        + "; "
        + ngettext("%(n)d actualizada.", "%(n)d actualizadas.", updated) % {"n": updated},
    )
    return redirect("entity:departments")


def _moved_message(moved: list[calendar_change.MovedDate]) -> str:
    """Which due dates moved, for the message after a calendar change (the first 20)."""
    if not moved:
        return _("Ningún vencimiento de preguntas abiertas cambió.")
    listed = "; ".join(f"{m.label}: {m.before:%d/%m/%Y} → {m.after:%d/%m/%Y}" for m in moved[:20])
    more = len(moved) - 20
    text = ngettext(
        "Se movió %(n)s vencimiento (se avisa por correo a quien dejó el suyo): %(list)s",
        "Se movieron %(n)s vencimientos (se avisa por correo a quien dejó el suyo): %(list)s",
        len(moved),
    ) % {"n": len(moved), "list": listed}
    return f"{text}; {_('y %(n)s más') % {'n': more}}." if more > 0 else f"{text}."


@staff_view(*CALENDAR_KEEPERS)
def non_working_days(request):
    """Add a non-working day. When open questions' due dates would move, a confirmation
    page lists them first; after the change a message lists what moved."""
    form = NonWorkingDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
        preview = calendar_change.follow(day, non_working=True, note=form.cleaned_data["reason"])
        if preview and request.POST.get("confirmed") != "1":
            return render(
                request,
                "entity/non_working_day_confirm.html",
                {"form": form, "moved": preview, "adding": True, "day": day},
            )
        _day, moved = services.add_non_working_day(
            **form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, f"{_('Día no hábil agregado.')} {_moved_message(moved)}")
        return redirect("entity:non_working_days")
    return render(
        request,
        "entity/non_working_days.html",
        {"form": form, "days": NonWorkingDay.objects.order_by("-date")},
    )


@staff_view(*CALENDAR_KEEPERS)
@require_POST
def non_working_day_remove(request, pk):
    day = get_object_or_404(NonWorkingDay, pk=pk)
    preview = calendar_change.follow(day.date, non_working=False, note=day.reason)
    if preview and request.POST.get("confirmed") != "1":
        return render(
            request,
            "entity/non_working_day_confirm.html",
            {"moved": preview, "adding": False, "day": day.date, "removing": day},
        )
    moved = services.remove_non_working_day(day, actor=request.user, request=request)
    messages.success(request, f"{_('Día no hábil quitado.')} {_moved_message(moved)}")
    return redirect("entity:non_working_days")
