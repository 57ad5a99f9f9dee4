"""Audit actions in Spanish for people (issue 18, item 6)."""

import re
from pathlib import Path

from django.conf import settings

from rinde.core.audit_labels import action_label


def test_named_actions_read_in_spanish():
    assert action_label("questions.forward") == "Pregunta remitida a otra autoridad"
    assert action_label("accounts.login") == "Ingreso al panel"


def test_generic_actions_name_the_section_and_the_object():
    label = action_label("outreach.deliverable.update")
    assert label.startswith("Difusión: cambio (")
    assert "deliverable" not in label


def test_every_literal_action_in_the_code_has_a_spanish_label():
    root = Path(settings.BASE_DIR) / "rinde"
    actions = {
        match
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        for match in re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text())
    }
    assert actions
    untranslated = sorted(a for a in actions if action_label(a) == a)
    assert untranslated == []
