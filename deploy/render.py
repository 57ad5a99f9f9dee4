"""Fill deploy/'s templates (nginx site, systemd units, environment file, logrotate) with one
installation's paths, names and ports.

On a server (docs/deploy-guide.md):
    .venv/bin/python -m deploy.render --server-name rendicion.entidad.gov.co \\
        --database-url postgres://rinde:CLAVE@127.0.0.1:5432/rinde --out /tmp/rinde-conf
then review and copy the files it lists. `make deploy-local` renders the same templates for
this machine's loopback (deploy/local.py). Values are written as `@@NAME@@` in the
templates, since nginx and systemd already use `$name` and `%i` for their own variables.
"""

import argparse
import re
import secrets
import sys
from pathlib import Path

DEPLOY_DIR = Path(__file__).resolve().parent
TOKEN = re.compile(r"@@([A-Z_]+)@@")
BROTLI_BLOCK = re.compile(r"^[ \t]*# brotli:begin.*?# brotli:end[^\n]*\n", re.DOTALL | re.MULTILINE)
BROTLI_MODULES = [
    Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so"),
    Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"),
]

# Where each template goes on a Debian server (the guide copies them there).
SERVER_FILES = {
    "nginx/rinde.conf": "/etc/nginx/sites-available/rinde",
    "nginx/rinde-locations.conf": "/etc/nginx/rinde/rinde-locations.conf",
    "systemd/rinde-web.service": "/etc/systemd/system/rinde-web.service",
    "systemd/rinde-worker@.service": "/etc/systemd/system/rinde-worker@.service",
    "systemd/rinde-command@.service": "/etc/systemd/system/rinde-command@.service",
    "systemd/rinde-question-digest.timer": "/etc/systemd/system/rinde-question-digest.timer",
    "systemd/rinde-event-reminders.timer": "/etc/systemd/system/rinde-event-reminders.timer",
    "systemd/rinde-duty-warnings.timer": "/etc/systemd/system/rinde-duty-warnings.timer",
    "systemd/rinde-housekeeping.timer": "/etc/systemd/system/rinde-housekeeping.timer",
    "systemd/rinde-retention.timer": "/etc/systemd/system/rinde-retention.timer",
    "systemd/rinde-todo-digest.timer": "/etc/systemd/system/rinde-todo-digest.timer",
    "rinde.env": "/etc/rinde/rinde.env",
    "logrotate": "/etc/logrotate.d/rinde",
}


def server_values(server_name: str, database_url: str, **overrides: str) -> dict[str, str]:
    """A Debian 12 server laid out as docs/deploy-guide.md says."""
    values = {
        "SERVER_NAME": server_name,
        # nginx takes several names ("127.0.0.1 localhost"); an address takes one.
        "MAIL_DOMAIN": server_name.split()[0],
        "LISTEN": "80",
        "USER": "rinde",
        "APP_DIR": "/srv/rinde/app",
        "VAR_DIR": "/srv/rinde/var",
        "LOG_DIR": "/var/log/rinde",
        "CONF_DIR": "/etc/nginx/rinde",
        "CACHE_DIR": "/var/cache/nginx/rinde",
        "APP_ADDRESS": "127.0.0.1:8000",
        "MICRO_CACHE": "3s",
        # Seconds browsers keep a micro-cached page (rinde.conf): with MICRO_CACHE, within
        # the 10 s a publication has to reach every reader.
        "BROWSER_MAX_AGE": "2",
        "POST_RATE": "10r/s",
        "POST_BURST": "40",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": server_name,
        "CSRF_TRUSTED_ORIGINS": f"https://{server_name}",
        "SITE_URL": f"https://{server_name}",
        "RINDE_HTTPS": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": "rinde",
        "GUNICORN_WORKERS": "",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    values.update(overrides)
    values.setdefault("UPSTREAM_SERVERS", upstream_servers([values["APP_ADDRESS"]]))
    return values


def upstream_servers(addresses: list[str]) -> str:
    """The `server` lines of nginx's `upstream rinde_app`: one per app host, each its
    gunicorn's address (docs/scaling.md). nginx's defaults suit several: round robin; a host
    that refuses or drops a connection is left out for 10 s (max_fails=1 fail_timeout=10s);
    a GET it failed is tried on the next host, a POST only if it never reached the failed
    one (proxy_next_upstream leaves non-idempotent requests alone once sent)."""
    return "\n".join(f"    server {address};" for address in addresses)


def fill(text: str, values: dict[str, str], *, brotli: bool) -> str:
    if not brotli:
        text = BROTLI_BLOCK.sub("", text)

    def value(match: re.Match) -> str:
        try:
            return values[match.group(1)]
        except KeyError:
            raise SystemExit(f"deploy/render.py: no value for @@{match.group(1)}@@") from None

    return TOKEN.sub(value, text)


def render(templates: list[str], values: dict[str, str], out: Path, *, brotli: bool) -> list[Path]:
    """Write each template (a path under deploy/) filled with `values` into `out`, keeping
    its file name; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for template in templates:
        target = out / Path(template).name
        target.write_text(fill((DEPLOY_DIR / template).read_text(), values, brotli=brotli))
        written.append(target)
    return written


def brotli_installed() -> bool:
    return all(module.exists() for module in BROTLI_MODULES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-name", required=True, help="the site's public host name")
    parser.add_argument("--database-url", required=True, help="postgres://user:pass@host/db")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--post-rate", default="10r/s", help="POSTs per address (nginx)")
    parser.add_argument("--post-burst", default="40", help="POSTs above the rate let through")
    parser.add_argument("--micro-cache", default="3s", help="how long nginx keeps a page")
    parser.add_argument(
        "--app-address",
        action="append",
        help="an app host's gunicorn (host:port); repeat it for several (default 127.0.0.1:8000)",
    )
    parser.add_argument("--out", required=True, type=Path, help="a folder to write into")
    parser.add_argument(
        "--no-brotli",
        action="store_true",
        help="leave brotli out (libnginx-mod-http-brotli-* not installed)",
    )
    args = parser.parse_args(argv)
    values = server_values(
        args.server_name,
        args.database_url,
        REDIS_URL=args.redis_url,
        POST_RATE=args.post_rate,
        POST_BURST=args.post_burst,
        MICRO_CACHE=args.micro_cache,
        **({"UPSTREAM_SERVERS": upstream_servers(args.app_address)} if args.app_address else {}),
    )
    written = render(list(SERVER_FILES), values, args.out, brotli=not args.no_brotli)
    (args.out / "rinde.env").chmod(0o600)  # it holds the secret key and the passwords
    print("Escritos; revíselos y cópielos (docs/deploy-guide.md):")
    for template, path in zip(SERVER_FILES, written, strict=True):
        print(f"  {path}  ->  {SERVER_FILES[template]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
