"""Every sentence the consultation services show people goes through gettext, as the
interface text elsewhere does (a ValidationError's message is shown on the page)."""

import ast
from pathlib import Path

import pytest

import rinde.consultations

APP = Path(rinde.consultations.__file__).parent


def untranslated_sentences(source: str) -> list[str]:
    """String constants holding a space (a sentence, not a key or a code) that are neither a
    docstring nor the argument of a call to `_`."""
    tree = ast.parse(source)
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
            allowed.update(id(arg) for arg in ast.walk(node))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            allowed.add(id(body[0].value))  # docstring
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and " " in node.value
        and id(node) not in allowed
        and not any(
            isinstance(parent, ast.JoinedStr) and node in parent.values for parent in ast.walk(tree)
        )
    ]


@pytest.mark.parametrize("module", ["services.py", "forum.py", "panel.py"])
def test_it_translates_every_sentence_the_services_show(module):
    assert untranslated_sentences((APP / module).read_text()) == []


def test_the_check_sees_a_message_outside_gettext():
    source = 'def f():\n    """Doc string."""\n    raise ValueError("El foro está cerrado.")\n'
    assert untranslated_sentences(source) == ["El foro está cerrado."]
    assert untranslated_sentences(source.replace('("El', '(_("El').replace('.")', '."))')) == []
