"""`make deploy-local`: the reference deployment on this machine's loopback, without systemd.

The same nginx site, gunicorn settings and environment file as a server (deploy/render.py),
with paths under var/deploy-local/ and ports from the environment: nginx on
DEPLOY_LOCAL_PORT (8200) in front of gunicorn (3 workers) on DEPLOY_LOCAL_APP_PORT (8201),
one task worker, PostgreSQL (DEPLOY_LOCAL_DATABASE_URL, created if missing) and Redis
(DEPLOY_LOCAL_REDIS_URL). The demo is loaded.

    .venv/bin/python -m deploy.local start    # (re)starts everything; prints the address
    .venv/bin/python -m deploy.local stop
    .venv/bin/python -m deploy.local status   # exit status 0 when /health/ answers via nginx

`start` is idempotent: it stops what an earlier start left running (by the pid files under
var/deploy-local/run/), renders again and starts afresh. Fault tests and benches use
`processes()` to find (and stop or restart) one piece.
"""

import os
import pwd
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import psycopg
from psycopg import sql

from deploy import render

ROOT = render.DEPLOY_DIR.parent
DIR = Path(os.environ.get("DEPLOY_LOCAL_DIR", ROOT / "var" / "deploy-local"))
PORT = int(os.environ.get("DEPLOY_LOCAL_PORT", "8200"))
APP_PORT = int(os.environ.get("DEPLOY_LOCAL_APP_PORT", "8201"))
DATABASE_URL = os.environ.get(
    "DEPLOY_LOCAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rinde_deploy_local"
)
REDIS_URL = os.environ.get("DEPLOY_LOCAL_REDIS_URL", "redis://127.0.0.1:6379/7")
# Ask for more posts than a person makes (e.g. a bench from one address): the nginx limit.
POST_RATE = os.environ.get("DEPLOY_LOCAL_POST_RATE", "10r/s")
POST_BURST = os.environ.get("DEPLOY_LOCAL_POST_BURST", "40")

URL = f"http://127.0.0.1:{PORT}"
# The demo's exercise open on the day it is loaded (rinde/demo/current.py, current_slug),
# whose question form takes posts; Itagüí 2023 is the past one, whose form sends people on.
_YEAR = datetime.now(ZoneInfo("America/Bogota")).year  # settings.TIME_ZONE
DEMO_CURRENT = str(_YEAR) if _YEAR != 2023 else "2023-actual"
VAR_DIR = DIR / "var"  # RINDE_VAR_DIR: media/, private/, static/
LOG_DIR = DIR / "log"
RUN_DIR = DIR / "run"
CONF_DIR = DIR / "nginx"
ENV_FILE = DIR / "rinde.env"
PYTHON = ROOT / ".venv" / "bin" / "python"
NGINX = "/usr/sbin/nginx"

# Each process's pid file and a word its command line must hold: a pid file left by a
# crash may name a pid the system has since given to something else, never to be killed.
PROCESSES = {"nginx": "nginx", "web": "gunicorn", "worker": "db_worker"}


def local_values() -> dict[str, str]:
    return render.server_values(
        "127.0.0.1 localhost",
        DATABASE_URL,
        LISTEN=f"127.0.0.1:{PORT}",
        USER=pwd.getpwuid(os.geteuid()).pw_name,
        APP_DIR=str(ROOT),
        VAR_DIR=str(VAR_DIR),
        LOG_DIR=str(LOG_DIR),
        CONF_DIR=str(CONF_DIR),
        CACHE_DIR=str(DIR / "cache"),
        RUN_DIR=str(RUN_DIR),
        APP_ADDRESS=f"127.0.0.1:{APP_PORT}",
        POST_RATE=POST_RATE,
        POST_BURST=POST_BURST,
        SECRET_KEY=existing_secret_key() or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=URL,
        SITE_URL=URL,
        RINDE_HTTPS="0",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="rinde-deploy-local",
        GUNICORN_WORKERS="3",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        LOAD_MODULES="\n".join(f"load_module {m};" for m in render.BROTLI_MODULES)
        if render.brotli_installed()
        else "# brotli: libnginx-mod-http-brotli-filter/-static not installed",
        # As root, nginx's workers would otherwise run as `nobody`, who cannot write here.
        USER_DIRECTIVE="user root;" if os.geteuid() == 0 else "",
    )


def existing_secret_key() -> str:
    """Keep the key across restarts, so sessions survive a `start` after a `start`."""
    if ENV_FILE.exists():
        return read_env_file(ENV_FILE).get("SECRET_KEY", "")
    return ""


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile reads them: comments and blanks ignored,
    one pair of surrounding quotes removed."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            values[key.strip()] = value
    return values


def environment() -> dict[str, str]:
    """The processes' environment: this shell's (PATH…) plus the rendered environment file."""
    return {**os.environ, **read_env_file(ENV_FILE)}


def render_config() -> None:
    for folder in (VAR_DIR, LOG_DIR, RUN_DIR, CONF_DIR, DIR / "cache"):
        folder.mkdir(parents=True, exist_ok=True)
    values = local_values()
    brotli = render.brotli_installed()
    render.render(
        ["nginx/rinde.conf", "nginx/rinde-locations.conf", "nginx/local-nginx.conf"],
        values,
        CONF_DIR,
        brotli=brotli,
    )
    render.render(["rinde.env"], values, DIR, brotli=brotli)
    ENV_FILE.chmod(0o600)


DATABASE_MARK = VAR_DIR / "database"


def ensure_database() -> None:
    """Create the local stack's database, or start it anew when it is not this folder's.

    The database and the media files are one state: rows name files under VAR_DIR. A
    database left by another checkout or a wiped var/ (a fresh clone in CI, on a machine
    whose PostgreSQL keeps running) would name files that are not here, so a database
    that VAR_DIR's mark does not claim is dropped and made again (the demo reloads it)."""
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    ours = DATABASE_MARK.is_file() and DATABASE_MARK.read_text() == DATABASE_URL
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and not ours:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if not (exists and ours):
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    DATABASE_MARK.write_text(DATABASE_URL)


def manage(*args: str) -> None:
    subprocess.run(  # noqa: S603 - manage.py with our own arguments
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=environment(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def pid_file(name: str) -> Path:
    return RUN_DIR / f"{name}.pid"


def running_pid(name: str) -> int | None:
    """The pid in `name`'s pid file, if that process is alive and is what we started."""
    try:
        pid = int(pid_file(name).read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except (OSError, ValueError):
        return None
    return pid if PROCESSES[name].encode() in command else None


def processes() -> dict[str, int | None]:
    """Each piece's pid (None: not running): nginx's master, gunicorn's master, the worker."""
    return {name: running_pid(name) for name in PROCESSES}


def spawn(name: str, command: list[str], extra_env: dict[str, str] | None = None) -> int:
    """Start a long-running process detached from this one, its output in log/<name>.log."""
    with open(LOG_DIR / f"{name}.log", "ab") as log:
        process = subprocess.Popen(  # noqa: S603 - our own fixed command lines
            command,
            cwd=ROOT,
            env={**environment(), **(extra_env or {})},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_file(name).write_text(str(process.pid))
    return process.pid


def start_web() -> int:
    return spawn(
        "web",
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "rinde.wsgi"],
        # Several workers: /metrics adds up every worker's samples (deploy/gunicorn.conf.py).
        {"PROMETHEUS_MULTIPROC_DIR": str(RUN_DIR / "metrics")},
    )


def start_worker() -> int:
    return spawn("worker", [str(PYTHON), "manage.py", "db_worker", "--worker-id", "deploy-local"])


def start_nginx() -> None:
    command = [NGINX, "-p", str(CONF_DIR), "-c", str(CONF_DIR / "local-nginx.conf")]
    command += ["-e", str(LOG_DIR / "nginx-error.log")]
    subprocess.run([*command, "-t", "-q"], check=True)  # noqa: S603
    subprocess.run(command, check=True)  # noqa: S603 - daemonizes; writes run/nginx.pid


def reload_nginx() -> None:
    """Render the configuration again and have the running nginx read it."""
    render_config()
    pid = running_pid("nginx")
    if pid is None:
        start_nginx()
        return
    command = [NGINX, "-p", str(CONF_DIR), "-c", str(CONF_DIR / "local-nginx.conf")]
    subprocess.run([*command, "-t", "-q"], check=True)  # noqa: S603
    os.kill(pid, signal.SIGHUP)


def stop_process(name: str, timeout: float = 30) -> None:
    pid = running_pid(name)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while running_pid(name) == pid and time.monotonic() < deadline:
            time.sleep(0.1)
        if running_pid(name) == pid:
            os.kill(pid, signal.SIGKILL)
    pid_file(name).unlink(missing_ok=True)


def stop() -> None:
    for name in ("nginx", "web", "worker"):
        stop_process(name)


def healthy(timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(URL + "/health/", timeout=timeout) as response:  # noqa: S310
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


def wait_until_healthy(seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not healthy():
        if time.monotonic() > deadline:
            raise SystemExit(f"{URL}/health/ no respondió en {seconds:.0f} s: mire {LOG_DIR}")
        time.sleep(0.2)


def start() -> None:
    stop()
    render_config()
    ensure_database()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("load_demo", "--quiet-accounts")
    start_web()
    start_worker()
    start_nginx()
    wait_until_healthy()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "start"
    if command == "start":
        start()
        print(f"Rinde (deploy-local): {URL}/  (panel: {URL}/panel/)")
        print(f"Registros en {LOG_DIR}; para detener: make deploy-local-stop")
    elif command == "stop":
        stop()
    elif command == "status":
        for name, pid in processes().items():
            print(f"{name:<8}{pid or '-'}")
        return 0 if healthy() else 1
    else:
        raise SystemExit("uso: python -m deploy.local start|stop|status")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
