"""System checks for rules the code relies on but Python cannot enforce."""

from django.core import checks
from django.db import models

from rinde.questions.models import Question


@checks.register(checks.Tags.models)
def check_question_save_is_not_overridden(app_configs=None, **kwargs) -> list[checks.Error]:
    """intake._insert stores every new question with its own INSERT, not through
    Question.save() (the busiest write of a hearing; it sends pre_save and post_save itself).
    A save() override would silently not run for new questions: this check stops the
    project (runserver, migrate, the test run) until the rule moves where it belongs, a
    service or intake.receive_question (house style: no rules in save())."""
    if Question.save is models.Model.save:
        return []
    return [
        checks.Error(
            "Question overrides save(), which questions.intake._insert skips for new questions.",
            hint="Put the rule in questions.intake.receive_question or in a service.",
            obj=Question,
            id="questions.E001",
        )
    ]
