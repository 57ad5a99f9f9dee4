"""The answers for failures that are no bug of the page: the database unreachable (a restart,
a failover) and the disk full. Django turns any exception into its handler500
(portal.errors.server_error); for these two it answers instead:

- 503 with Retry-After when PostgreSQL does not answer. The request's transaction was
  rolled back (nothing was stored, a citizen's post included), and the page says to try
  again. Each process reconnects by itself on a later request (CONN_HEALTH_CHECKS).
- 507 when an upload met a full disk: the storage removed what it had written
  (core.storage) and the transaction rolled its row back.

Both pages render without a request context: the context processors read the database.
"""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from rinde.core.storage import is_disk_full

RETRY_AFTER_SECONDS = 10


def is_database_unavailable(error: BaseException | None) -> bool:
    # OperationalError: the server refused, went away or is shutting down; InterfaceError:
    # a connection it closed. Other DatabaseErrors (a bad query, a broken constraint) are
    # bugs, and stay 500s.
    return isinstance(error, OperationalError | InterfaceError)


def response_for(error: BaseException | None) -> HttpResponse | None:
    """The answer for `error` if it is one of these failures, else None."""
    if is_database_unavailable(error):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    elif is_disk_full(error):
        response = HttpResponse(loader.get_template("507.html").render(), status=507)
    else:
        return None
    response["Cache-Control"] = "no-store"
    return response
