"""A forum comment rendered in Python. A thread page shows up to 40 comments while a new
forum's page shows a handful, and "10,000 comments within 2× the time of 10" (issue 6,
bench/consultations.py) compares the two: each comment must cost little beside the page.
What is the same for every comment of a page (the words, the report link's address) is
worked out once per page in the template's render context."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from rinde.core.privacy import mask_personal_data

register = template.Library()

# reverse() once per page with this stand-in for the comment's id, replaced per comment.
_PK = "987654321"


def _page_parts(context, forum) -> dict:
    parts = context.render_context.get("forum_comment")
    if parts is None:
        parts = context.render_context["forum_comment"] = {
            "official": gettext("Respuesta oficial"),
            "hidden": gettext("Comentario oculto."),
            "hidden_author": gettext("Participante"),
            "report": gettext("Reportar"),
            "report_whose": gettext("el comentario de %(name)s"),
            "report_url": reverse("consultations:flag", args=[forum.exercise.slug, _PK]),
            "reply": gettext("Responder"),
            "reply_whose": gettext("a %(name)s"),
            "reply_url": reverse("consultations:comment", args=[forum.exercise.slug]),
            "days": {},
        }
    return parts


def _when(parts: dict, when) -> str:
    # "j M Y, g:i a" as the date filter writes it; the translated day part is worked out
    # once per day shown, as date formatting translates the month on every call.
    day = parts["days"].get(when.date())
    if day is None:
        day = parts["days"][when.date()] = dateformat.format(when, "j M Y")
    return f"{day}, {dateformat.format(when, 'g:i a')}"


@register.simple_tag(takes_context=True)
def forum_comment(context, c, forum, page_number=1, actions=True):
    """One comment as an <article id="c<pk>">: author, official badge, time, the text (or
    why it is hidden) and, for a visible citizen's comment, the link to report it. The name
    and the text are shown with personal data typed into them hidden (a forum is public:
    core.privacy), and the name in <bdi>, so a right-to-left name cannot reorder the date."""
    parts = _page_parts(context, forum)
    official = c.official_id is not None
    # A hidden comment keeps its place in the thread, not its author's name: moderation
    # takes a comment down, it does not point at who wrote it.
    name = mask_personal_data(c.display_name) if c.is_visible else parts["hidden_author"]
    when = timezone.localtime(c.created_at)
    badge = format_html(' <span class="badge">{}</span>', parts["official"]) if official else ""
    if c.is_visible:
        body = format_html("<p>{}</p>", linebreaksbr(mask_personal_data(c.body), autoescape=True))
    else:
        body = format_html('<p class="muted">{} {}</p>', parts["hidden"], c.moderation_reason)
    report = ""
    if actions and c.is_visible and not official:
        report = format_html(
            '<p class="flag"><a href="{}?pagina={}">{}<span class="visually-hidden"> {}</span>'
            "</a></p>",
            parts["report_url"].replace(_PK, str(c.pk)),
            page_number or 1,
            parts["report"],
            parts["report_whose"] % {"name": name},
        )
    return format_html(
        '<article class="comment{}" id="c{}"><p class="meta"><strong><bdi>{}</bdi></strong>{} · '
        '<time datetime="{}">{}</time></p>{}{}</article>',
        " comment-official" if official else "",
        c.pk,
        name,
        badge,
        when.isoformat(),  # what the date filter's "c" gives
        _when(parts, when),
        body,
        report,
    )


@register.simple_tag(takes_context=True)
def reply_link(context, c, forum, page_number=1):
    """The link under a thread to answer its first comment."""
    parts = _page_parts(context, forum)
    return format_html(
        '<p class="reply-link"><a href="{}?responder={}&amp;pagina={}">{}'
        '<span class="visually-hidden"> {}</span></a></p>',
        parts["reply_url"],
        c.pk,
        page_number or 1,
        parts["reply"],
        parts["reply_whose"] % {"name": mask_personal_data(c.display_name)},
    )
