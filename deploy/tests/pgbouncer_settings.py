"""rinde.settings behind PgBouncer in transaction pooling (docs/scaling.md): a trial with
deploy/two_hosts.py (TWO_HOSTS_SETTINGS=deploy.tests.pgbouncer_settings)."""

from rinde.settings import *  # noqa: F403

# `.iterator()` opens a named cursor on the server connection; the next fetch may come
# through another one, which does not know it (InvalidCursorName).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True  # noqa: F405
