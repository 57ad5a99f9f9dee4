from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from rinde.portal import navigation


class StaticPagesSitemap(Sitemap):
    """Every public page without parameters; pages of objects get their own sitemaps."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return [page.url_name for page in navigation.all_pages()]

    def location(self, item: str) -> str:
        return reverse(item)


class ExercisesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        from rinde.exercises.models import Exercise

        return Exercise.objects.published().order_by("-year")

    def location(self, item) -> str:
        return reverse("exercises:detail", args=[item.year])


SITEMAPS = {"paginas": StaticPagesSitemap, "rendicion": ExercisesSitemap}
