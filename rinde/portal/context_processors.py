from django.conf import settings

from rinde.portal import navigation


def site(request):
    return {
        "public_nav": navigation.main_nav(),
        "legal_pages": navigation.LEGAL_PAGES,
        # `make demo` sets RINDE_DEMO: every page says the figures and people are invented.
        "demo_mode": settings.DEMO_MODE,
    }
