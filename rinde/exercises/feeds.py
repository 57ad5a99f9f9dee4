"""Published documents and new exercises, as RSS and Atom."""

import html
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from rinde.exercises.models import Document, Exercise

FEED_SIZE = 30


class DocumentsFeed(Feed):
    title = gettext_lazy("Documentos de la rendición de cuentas")
    description = gettext_lazy("Los informes, actas y documentos publicados de cada ejercicio.")

    def link(self):
        return reverse("exercises:list")

    def items(self):
        return (
            Document.objects.published()
            .filter(exercise__in=Exercise.objects.published())
            .select_related("exercise")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.title} · {item.exercise.title}"

    def item_description(self, item):
        # Read as HTML by feed readers: the summary's text, escaped.
        return escape(Truncator(html.unescape(strip_tags(item.summary))).chars(600))

    def item_link(self, item):
        return reverse("exercises:detail", args=[item.exercise.slug]) + "#documentos"

    def item_guid(self, item):
        return f"{self.item_link(item)}-{item.pk}"

    def item_pubdate(self, item):
        return item.published_at


class ExercisesFeed(Feed):
    title = gettext_lazy("Ejercicios de rendición de cuentas")
    description = gettext_lazy("Cada nuevo ejercicio de rendición de cuentas publicado.")

    def link(self):
        return reverse("exercises:list")

    def items(self):
        return Exercise.objects.published().order_by("-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Read as HTML by feed readers: the summary's text, escaped.
        return escape(Truncator(html.unescape(strip_tags(item.summary))).chars(600))

    def item_link(self, item):
        return reverse("exercises:detail", args=[item.slug])

    def item_pubdate(self, item):
        # An exercise has no publication time of its own: the day it starts.
        return timezone.make_aware(datetime.combine(item.starts_on, time()))


class DocumentsAtomFeed(DocumentsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description


class ExercisesAtomFeed(ExercisesFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description
