from rinde.portal import navigation


def site(request):
    return {"public_nav": navigation.main_nav(), "legal_pages": navigation.LEGAL_PAGES}
