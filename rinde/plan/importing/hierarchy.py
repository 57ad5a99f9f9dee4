"""The plan's five levels, described once: what each is called in messages, its parent,
how its rows reach their plan and their parent's code in the database, and which of its
fields an import writes. The structure layout (structure_sheet.py) and the import
(import_services.py) both read this table; a plan names its levels for people
(`Plan.level_names`), this is the model's fixed shape."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    key: str
    # "{name} P-1 …" in messages
    name: str
    parent: str | None
    # The model's name in rinde.plan.models
    model: str
    # ORM path from a row to its plan, and to its parent's code
    plan_path: str
    parent_code_path: str | None
    # The fields an import writes besides the code (model attribute names)
    fields: tuple[str, ...]

    @property
    def parent_attr(self) -> str | None:
        return f"{self.parent}_id" if self.parent else None


HIERARCHY = (
    Level("line", "La línea", None, "StrategicLine", "plan", None, ("name", "weight")),
    Level(
        "component",
        "El componente",
        "line",
        "Component",
        "line__plan",
        "line__code",
        ("name", "weight"),
    ),
    Level(
        "program",
        "El programa",
        "component",
        "Program",
        "component__line__plan",
        "component__code",
        ("name", "weight", "result_indicator", "result_baseline", "result_target"),
    ),
    Level(
        "project",
        "El proyecto",
        "program",
        "Project",
        "program__component__line__plan",
        "program__code",
        ("name", "weight", "bpin", "department_id"),
    ),
    Level(
        "indicator",
        "El indicador",
        "project",
        "Indicator",
        "project__program__component__line__plan",
        "project__code",
        (
            "name",
            "weight",
            "mga_code",
            "unit",
            "trend",
            "baseline",
            "baseline_text",
            "target",
            "department_id",
        ),
    ),
)
LEVEL = {level.key: level for level in HIERARCHY}
LEVELS = tuple(LEVEL)
PARENT = {level.key: level.parent for level in HIERARCHY if level.parent}
