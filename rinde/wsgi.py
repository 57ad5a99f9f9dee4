import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
from django.utils import translation

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rinde.settings")
application = get_wsgi_application()

# Import every view and load the site's translations now, while the worker boots, not in
# its first request: that request took 0.6 to 1.3 s instead of 10 ms, and gunicorn
# recycles each worker every few thousand requests (a hearing's posts arrive mid-restart:
# bench/hearing_day.py). Imports only: nothing here opens a database or cache connection.
get_resolver().url_patterns  # noqa: B018 - the property imports the URL conf
with translation.override(settings.LANGUAGE_CODE):  # reads every app's catalogue
    pass
