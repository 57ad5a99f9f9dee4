from rinde.accounts import navigation, permissions


def panel(request):
    """The staff menu, for templates that extend panel/base.html (no queries: role only)."""
    user = getattr(request, "user", None)
    if user is None or not permissions.is_staff_member(user):
        return {}
    return {"panel_items": navigation.items_for(user)}
