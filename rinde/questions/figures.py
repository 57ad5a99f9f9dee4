"""Public figures of the questions of an exercise: few queries, whatever the number."""

from django.db.models import Count, F, Q

from rinde.core.calendar import WorkCalendar
from rinde.questions.models import CLOSED_ANSWERED, Status


def question_figures(questions, calendar: WorkCalendar, today) -> dict:
    """`questions` is the public queryset of one exercise."""
    answered = Q(status__in=CLOSED_ANSWERED)
    totals = questions.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=answered),
        on_time=Count("pk", filter=answered & Q(answered_on__lte=F("current_due_on"))),
        overdue=Count(
            "pk",
            filter=Q(status__in=[Status.RECEIVED, Status.ASSIGNED, Status.IN_REVIEW])
            & Q(current_due_on__lt=today),
        ),
    )
    # Business days from legal receipt to answer: computed in Python with the calendar.
    pairs = questions.filter(answered, answered_on__isnull=False).values_list(
        "term_starts_after", "answered_on"
    )
    days = [max(calendar.business_days_between(start, end), 0) for start, end in pairs]
    totals["average_days"] = round(sum(days) / len(days), 1) if days else None
    by_department = (
        questions.exclude(department=None)
        .values("department__name")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=answered),
            on_time=Count("pk", filter=answered & Q(answered_on__lte=F("current_due_on"))),
        )
        .order_by("department__name")
    )
    totals["by_department"] = list(by_department)
    return totals
