from django.shortcuts import get_object_or_404

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.questions.models import Question

# The roles that work on citizens' questions (the site-wide list of staff roles is
# rinde.accounts.permissions.STAFF_ROLES).
QUESTION_STAFF_ROLES = (Role.ICT, Role.PLANNING, Role.OFFICER)


def questions_for(user):
    """The questions a staff member works on: all for ICT and planning, their departments'
    for an officer."""
    qs = Question.objects.all()
    allowed = permissions.department_ids_for(user)
    if allowed is None:
        return qs
    return qs.filter(department_id__in=allowed)


def access_question(user, pk: int) -> Question:
    """404 when the question does not exist or is outside the user's departments."""
    return get_object_or_404(questions_for(user).select_related("exercise", "department"), pk=pk)


def can_triage(user) -> bool:
    return permissions.has_role(user, Role.ICT, Role.PLANNING)


def can_answer(user, question: Question) -> bool:
    return permissions.has_role(
        user, Role.OFFICER, Role.PLANNING
    ) and permissions.can_act_for_department(user, question.department_id)


def can_review(user) -> bool:
    return permissions.has_role(user, Role.PLANNING)
