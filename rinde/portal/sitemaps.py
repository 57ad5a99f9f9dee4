from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from rinde.consultations.models import Forum, Survey
from rinde.evaluation.models import EvaluationForm
from rinde.exercises.models import Event, Exercise
from rinde.fieldwork.models import CommentStatus
from rinde.outreach.bulletin_views import published
from rinde.plan.models import ActionPlan, Plan, Program, Project, StrategicLine
from rinde.portal import navigation
from rinde.questions.models import Question


class StaticPagesSitemap(Sitemap):
    """Every public page without parameters; pages of objects get their own sitemaps."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return [page.url_name for page in navigation.all_pages()]

    def location(self, item: str) -> str:
        return reverse(item)


class QuestionPagesSitemap(Sitemap):
    """Each published exercise's questions, answers report and live page, and every public
    question page."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        slugs = list(Exercise.objects.published().values_list("slug", flat=True))

        always = (
            "questions:list",
            "questions:report",
            "questions:live",
            "questions:ask",
            "improvements:public",
            "evaluation:report",
            "outreach:episodes",
            "outreach:archive",
        )
        pages = [(name, (slug,)) for slug in slugs for name in always]
        # Pages that exist only once staff create them.
        for name, model, field in (
            ("consultations:survey", Survey, "exercise__slug"),
            ("consultations:forum", Forum, "exercise__slug"),
            ("evaluation:answer", EvaluationForm, "event__exercise__slug"),
        ):
            for slug in set(
                model.objects.filter(**{f"{field}__in": slugs}).values_list(field, flat=True)
            ):
                pages.append((name, (slug,)))
        codes = (
            Question.objects.public()
            .filter(exercise__in=Exercise.objects.published())
            .order_by("pk")
            .values_list("tracking_code", flat=True)
        )
        return pages + [("questions:detail", (code,)) for code in codes]

    def location(self, item) -> str:
        name, args = item
        return reverse(name, args=args)


class PlanPagesSitemap(Sitemap):
    """Every plan's pages at its own address (/plan/2020-2023/…), not only the vigente
    one's, and each published yearly action plan."""

    changefreq = "monthly"

    def items(self):
        plans = Plan.objects.all()  # scoped: the rest is reached through it
        slugs = dict(plans.values_list("pk", "slug"))
        lines = StrategicLine.objects.filter(plan__in=plans).values_list("plan_id", "code")
        programs = Program.objects.filter(component__line__plan__in=plans).values_list(
            "component__line__plan_id", "code"
        )
        projects = Project.objects.filter(plan__in=plans).values_list("plan_id", "code")
        action_plans = ActionPlan.objects.filter(
            state=ActionPlan.State.PUBLISHED, plan__in=plans
        ).values_list("plan_id", "year")
        # Citizens' comments on a project have their own page, once there are some to read.
        commented = (
            Project.objects.filter(field_comments__status=CommentStatus.VISIBLE, plan__in=plans)
            .distinct()
            .values_list("plan_id", "code")
        )
        return (
            [("plan:overview", (slug,)) for slug in slugs.values()]
            + [("plan:line", (slugs[p], c)) for p, c in lines.order_by("plan_id", "code")]
            + [("plan:program", (slugs[p], c)) for p, c in programs.order_by("pk")]
            + [("plan:project", (slugs[p], c)) for p, c in projects.order_by("plan_id", "code")]
            + [("plan:action_plan", (slugs[p], y)) for p, y in action_plans.order_by("pk")]
            + [
                ("fieldwork:comments", (slugs[p], c))
                for p, c in commented.order_by("plan_id", "code")
            ]
        )

    def location(self, item) -> str:
        name, args = item
        return reverse(name, args=args)


class ExercisesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Exercise.objects.published().order_by("-year")

    def location(self, item) -> str:
        return reverse("exercises:detail", args=[item.slug])


class EventsSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Event.objects.filter(exercise__in=Exercise.objects.published())
            .select_related("exercise")
            .order_by("pk")
        )

    def location(self, item) -> str:
        return reverse("exercises:event", args=[item.exercise.slug, item.pk])


class BulletinsSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return published().order_by("-published_at")

    def location(self, item) -> str:
        return reverse("outreach:bulletin", args=[item.slug])


SITEMAPS = {
    "boletines": BulletinsSitemap,
    "paginas": StaticPagesSitemap,
    "rendicion": ExercisesSitemap,
    "eventos": EventsSitemap,
    "preguntas": QuestionPagesSitemap,
    "plan": PlanPagesSitemap,
}
