"""The staff menu's badges: how many pieces of work wait under each entry (accounts.todo).

Read from the cache the last collected list left (todo.remember_counts), never from the
database: the menu is on every staff page."""

from django import template

from rinde.accounts import todo

register = template.Library()


@register.inclusion_tag("accounts/todo_badge.html", takes_context=True)
def todo_badge(context, url_name: str) -> dict:
    request = context.get("request")
    if request is None:
        return {"n": 0}
    counts = getattr(request, "_todo_counts", None)
    if counts is None:
        counts = todo.remembered_counts(request.user)
        request._todo_counts = counts  # one cache read per page, however many entries
    return {"n": counts.get(url_name, 0)}
