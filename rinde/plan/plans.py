"""One plan after another: which plan a public address shows, which one is vigente, and
creating a plan with its departments from the panel. Each change in one transaction,
audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.text import slugify

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.entity.models import Department
from rinde.plan.models import Plan


def public_plans(slug: str | None = None) -> tuple[Plan, list[Plan]]:
    """The plan a public page shows (by its slug, or the vigente one at /plan/) and every
    plan, newest first, for the list of the others: one query either way."""
    plans = list(Plan.objects.order_by("-start_year", "-pk"))
    for plan in plans:
        if (plan.slug == slug) if slug else plan.is_current:
            return plan, plans
    raise Http404


def public_plan(slug: str | None = None) -> Plan:
    """The plan of a public page in one query: its slug's, or the vigente one."""
    plan = (
        Plan.objects.filter(slug=slug).first()
        if slug
        else Plan.objects.filter(is_current=True).first()
    )
    if plan is None:
        raise Http404
    return plan


def _require_planning(actor) -> None:
    if not permissions.has_role(actor, Role.PLANNING):
        raise PermissionDenied("role")


@transaction.atomic
def switch_current(plan: Plan, *, actor, request=None) -> Plan:
    """Make `plan` the vigente one of its entity. The entity's others stop being vigente
    first, in the same transaction, so the one-vigente constraint holds at every statement."""
    _require_planning(actor)
    previous = list(
        Plan.objects.select_for_update()
        .filter(entity=plan.entity_id, is_current=True)
        .exclude(pk=plan.pk)
    )
    Plan.objects.filter(pk__in=[p.pk for p in previous]).update(is_current=False)
    Plan.objects.filter(pk=plan.pk).update(is_current=True)
    plan.is_current = True
    refresh_public_pages()  # /plan/ now shows another plan
    audit.record(
        actor=actor,
        action="plan.plan.current",
        target=plan,
        changes={"previous": [str(p) for p in previous]},
        request=request,
    )
    return plan


def _department_code(name: str, taken: set[str]) -> str:
    base = slugify(name)[:36] or "dependencia"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    taken.add(code)
    return code


@transaction.atomic
def save_plan(
    plan: Plan,
    values: dict,
    *,
    actor,
    make_current: bool,
    new_departments: list[str],
    request=None,
) -> tuple[Plan, list[Department]]:
    """Create a plan (`plan` unsaved) or edit one with the values PlanForm.plan_values()
    names, and create the departments it names that do not exist yet (by name,
    case-insensitively). The slug is set from the years when the plan is new and never
    changes after: it is the plan's public address."""
    _require_planning(actor)
    if plan.entity_id is None:
        # Before the first-run set-up: no entity to file the plan under.
        raise ValidationError("Registre primero los datos de la entidad.")
    creating = plan.pk is None
    # From the database, locked: a validated ModelForm has already set its values on `plan`.
    stored = None if creating else Plan.objects.select_for_update().get(pk=plan.pk)
    before = {} if stored is None else {field: getattr(stored, field) for field in values}
    plan = plan if stored is None else stored
    for field, value in values.items():
        setattr(plan, field, value)
    if creating and not plan.slug:
        plan.slug = f"{plan.start_year}-{plan.end_year}"
    # Unique within the entity (a constraint the form cannot check: the entity is not on it).
    if Plan.objects.filter(entity=plan.entity_id, slug=plan.slug).exclude(pk=plan.pk).exists():
        raise ValidationError(
            "Ya hay un plan con los años %(slug)s: cambie los años o el plan existente.",
            params={"slug": plan.slug},
        )
    plan.save()
    if make_current and not plan.is_current:
        switch_current(plan, actor=actor, request=request)
    existing = {name.casefold() for name in Department.objects.values_list("name", flat=True)}
    taken = set(Department.objects.values_list("code", flat=True))
    created = []
    for name in dict.fromkeys(n.strip() for n in new_departments if n.strip()):
        if name.casefold() in existing:
            continue
        created.append(Department.objects.create(name=name, code=_department_code(name, taken)))
        existing.add(name.casefold())
    refresh_public_pages()  # names, acts and thresholds show on the public pages
    # Each changed field as [before, after] (every one from None on creation), but "name"
    # stays the plan's name as it is now: a changed one keeps its old value apart.
    changes = audit.diff(before, values)
    old_name = changes.pop("name", [None])[0]
    if not creating and old_name is not None:
        changes["previous_name"] = old_name
    audit.record(
        actor=actor,
        action="plan.plan.create" if creating else "plan.plan.edit",
        target=plan,
        changes={
            **changes,
            "name": plan.name,
            "years": plan.slug,
            "frequency": plan.reporting_frequency,
            "departments": [d.name for d in created],
        },
        request=request,
    )
    return plan, created
