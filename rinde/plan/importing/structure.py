"""The plan's structure file: checked against the plan as it is, then its creations and
updates written level by level (import_services runs the job around it)."""

from decimal import Decimal

from rinde.core import audit
from rinde.entity.models import Department
from rinde.plan import figures, structure_sheet
from rinde.plan.importing import mapping
from rinde.plan.importing.hierarchy import HIERARCHY, LEVELS
from rinde.plan.importing.problems import PREVIEW_LIMIT
from rinde.plan.models import (
    Component,
    ImportJob,
    Indicator,
    Plan,
    Program,
    Project,
    StrategicLine,
    YearTarget,
)
from rinde.plan.spreadsheet import CellError


def department_keys() -> tuple[dict[str, int], dict[int, str]]:
    """({normalized name or code: id}, {id: name}) for matching the department column."""
    keys, names = {}, {}
    for pk, name, code in Department.objects.values_list("pk", "name", "code"):
        keys[structure_sheet.normalize(code)] = pk
        keys[structure_sheet.normalize(name)] = pk
        names[pk] = name
    return keys, names


MODELS = {
    "StrategicLine": StrategicLine,
    "Component": Component,
    "Program": Program,
    "Project": Project,
    "Indicator": Indicator,
}


def existing_structure(plan: Plan) -> structure_sheet.Existing:
    """The plan as plain data, in seven queries whatever its size."""
    items: dict[str, dict[str, dict]] = {}
    for described in HIERARCHY:
        level, model, parent = described.key, MODELS[described.model], described.parent_code_path
        columns = ["pk", "code", *described.fields, *([parent] if parent else [])]
        rows = model.objects.filter(**{described.plan_path: plan}).values(*columns)
        items[level] = {}
        for row in rows:
            data = {k.removesuffix("_id"): v for k, v in row.items() if k not in (parent,)}
            data["parent"] = row[parent] if parent else None
            items[level][row["code"]] = data
    year_targets: dict[str, dict[int, Decimal]] = {}
    for code, year, target in YearTarget.objects.filter(
        indicator__project__program__component__line__plan=plan
    ).values_list("indicator__code", "year", "target"):
        year_targets.setdefault(code, {})[year] = target
    return structure_sheet.Existing(items, year_targets)


def plan_years(plan: Plan) -> list[int]:
    return list(range(plan.start_year, plan.end_year + 1))


def check_structure(plan: Plan, mapped: mapping.Mapped, *, progress=None) -> dict:
    keys, names = department_keys()
    rounding: list[CellError] = []
    parsed, errors = structure_sheet.parse_structure(
        mapped.rows,
        years=plan_years(plan),
        departments=keys,
        progress=progress,
        first_row=mapped.first_row,
        warnings=rounding,
        decimal_separator=mapped.separator,
    )
    if errors:
        return {"errors": errors, "warnings": [], "summary": {}, "parsed": None}
    existing = existing_structure(plan)
    diff, errors = structure_sheet.diff_structure(parsed, existing, department_names=names)
    if errors:
        return {"errors": errors, "warnings": [], "summary": {}, "parsed": None}
    summary = {
        "rows": parsed.rows,
        "created": {lv: len(codes) for lv, codes in diff.creates.items()},
        "updated": {lv: len(codes) for lv, codes in diff.updates.items()},
        "new": [
            [lv, code, parsed.items[lv][code].fields.get("name", "")]
            for lv in LEVELS
            for code in diff.creates[lv]
        ][:PREVIEW_LIMIT],
        "changes": [list(c) for c in diff.changes[:PREVIEW_LIMIT]],
        "changes_total": len(diff.changes),
        "untouched": diff.untouched_indicators,
        "nothing_changes": diff.is_empty,
    }
    return {"errors": [], "warnings": rounding, "summary": summary, "parsed": (parsed, diff)}


def apply_structure(job: ImportJob, parsed_diff, *, actor, request=None) -> None:
    parsed, diff = parsed_diff
    plan = job.plan
    pks: dict[str, dict[str, int]] = {
        d.key: dict(MODELS[d.model].objects.filter(**{d.plan_path: plan}).values_list("code", "pk"))
        for d in HIERARCHY
    }
    for described in HIERARCHY:
        level, model = described.key, MODELS[described.model]
        new = []
        for code in diff.creates[level]:
            item = parsed.items[level][code]
            data = _model_fields(item.fields)
            if level in ("line", "project", "indicator"):
                # Projects and indicators too: bulk_create skips the save() that copies it.
                data["plan"] = plan
            if level != "line":
                data[described.parent_attr] = pks[described.parent][item.parent]
            new.append(model(code=code, **data))
        created = model.objects.bulk_create(new, batch_size=1000)
        pks[level].update({obj.code: obj.pk for obj in created})
        if diff.updates[level]:
            changed = list(
                model.objects.filter(pk__in=[pks[level][c] for c in diff.updates[level]])
            )
            names: set[str] = set()
            for obj in changed:
                data = _model_fields(parsed.items[level][obj.code].fields)
                for name, value in data.items():
                    setattr(obj, name, value)
                names |= set(data)
            model.objects.bulk_update(changed, sorted(names), batch_size=1000)
    if diff.year_targets:
        indicator_pks = pks["indicator"]
        replaced = {
            (indicator_pks[code], year)
            for code, targets in diff.year_targets.items()
            for year in targets
        }
        stale = [
            pk
            for pk, indicator_id, year in YearTarget.objects.filter(
                indicator_id__in={i for i, _year in replaced}
            ).values_list("pk", "indicator_id", "year")
            if (indicator_id, year) in replaced
        ]
        YearTarget.objects.filter(pk__in=stale).delete()
        YearTarget.objects.bulk_create(
            [
                YearTarget(indicator_id=indicator_pks[code], year=year, target=value)
                for code, targets in diff.year_targets.items()
                for year, value in targets.items()
                if value is not None
            ],
            batch_size=1000,
        )
    audit.record(
        actor=actor,
        action="plan.structure.import",
        target=plan,
        changes={
            "file": job.filename,
            "created": {lv: len(c) for lv, c in diff.creates.items()},
            "updated": {lv: len(c) for lv, c in diff.updates.items()},
            "year_targets": sum(len(t) for t in diff.year_targets.values()),
        },
        request=request,
    )
    # Targets, weights and the tree feed the stored dashboard figures.
    figures.schedule_rebuild(plan)


def _model_fields(fields: dict) -> dict:
    return {("department_id" if k == "department" else k): v for k, v in fields.items()}
