"""Published answers to citizens' questions, as RSS and Atom. Only public text, masked
(core.privacy.mask_personal_data): the question as the public page shows it and the
answer's text; never who asked."""

import html

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rinde.core.privacy import mask_personal_data
from rinde.exercises.models import Exercise
from rinde.questions.models import Answer, AnswerState, Status

FEED_SIZE = 30


class AnswersFeed(Feed):
    title = gettext_lazy("Respuestas a preguntas ciudadanas")
    description = gettext_lazy("Las respuestas publicadas a las preguntas de la ciudadanía.")

    def link(self):
        return reverse("questions:lookup")

    def items(self):
        return (
            Answer.objects.filter(
                state=AnswerState.PUBLISHED, question__exercise__in=Exercise.objects.published()
            )
            .exclude(question__status__in=[Status.REJECTED, Status.MERGED])
            .select_related("question")
            .only(
                "pk",
                "version",
                "body",
                "published_at",
                "question__tracking_code",
                "question__public_text",
            )
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        question = Truncator(mask_personal_data(item.question.public_text)).chars(100)
        return _("Pregunta %(code)s: %(text)s") % {
            "code": item.question.tracking_code,
            "text": question,
        }

    def item_description(self, item):
        # Feed readers take a description as HTML: the texts go in escaped, so markup a
        # citizen typed shows as text (as on the page) and never becomes an element.
        question = mask_personal_data(item.question.public_text)
        answer = mask_personal_data(html.unescape(strip_tags(item.body)))
        return escape(
            _("Pregunta: %(question)s\n\nRespuesta: %(answer)s")
            % {"question": question, "answer": answer}
        )

    def item_link(self, item):
        return reverse("questions:detail", args=[item.question.tracking_code])

    def item_guid(self, item):
        return f"{self.item_link(item)}#v{item.version}"

    def item_pubdate(self, item):
        return item.published_at


class AnswersAtomFeed(AnswersFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description
