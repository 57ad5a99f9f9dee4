"""core is the foundation every app builds on (docs/conventions.md): it imports no app above
it, so any app can use it without an import cycle."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]


def _imported_modules(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append(node.module)
        elif isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
    return modules


def test_core_imports_no_app_above_it():
    upward = [
        f"{path.relative_to(CORE.parent)}: {module}"
        for path in sorted(CORE.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
        for module in _imported_modules(path)
        if module.startswith("rinde.") and not module.startswith(("rinde.core", "rinde.formats"))
    ]
    assert upward == []
