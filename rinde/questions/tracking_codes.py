"""Finding a question by its tracking code as a person types it."""

import re

from rinde.questions.models import Question


def code_as_typed(typed: str) -> str | None:
    """The stored code a person meant: read from paper or a phone, it comes with spaces or
    without its hyphen ("rc2023 2jvw44"), or only its last six symbols ("2JVW44", found
    when exactly one question ends that way)."""
    compact = re.sub(r"[\s\-–—]", "", typed.upper())
    full = re.fullmatch(r"RC(\d{4})([A-Z0-9]{6})", compact)
    if full:
        code = f"RC{full.group(1)}-{full.group(2)}"
        return code if Question.objects.filter(tracking_code=code).exists() else None
    if re.fullmatch(r"[A-Z0-9]{6}", compact):
        codes = list(
            Question.objects.filter(tracking_code__endswith="-" + compact).values_list(
                "tracking_code", flat=True
            )[:2]
        )
        return codes[0] if len(codes) == 1 else None
    return None
