from django import template

from rinde.core.audit_labels import action_label

register = template.Library()


@register.filter
def audit_action_label(action: str) -> str:
    """{{ entry.action|audit_action_label }}: "questions.forward" → a Spanish label."""
    return action_label(action)
