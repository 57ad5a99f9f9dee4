"""Two app hosts behind one nginx, on this machine: what docs/scaling.md says was tested.

Each app host is a network namespace (`ip netns`) with its own address, its gunicorn and
its task worker; nginx runs in the root namespace with both in its `upstream`, as a load
balancer in front of two machines would. The hosts share PostgreSQL and Redis, which
listen on 127.0.0.1 only: a `socat` per service on the bridge's address forwards to them.

    .venv/bin/python -m deploy.two_hosts start    # (re)starts everything; prints the address
    .venv/bin/python -m deploy.two_hosts stop     # stops it and removes what start made
    .venv/bin/python -m deploy.two_hosts status

Needs root (namespaces, veth, a bridge), iproute2, socat and Debian's nginx. The network:
a bridge `rinde-br` holding TWO_HOSTS_SUBNET's first address (10.231.0.1), one veth pair
per host into its namespace (`rinde-a` at .2, `rinde-b` at .3). The names, subnet and
ports come from the environment, so a CI run and a person's run on one machine differ.

Why socat: PostgreSQL's pg_hba trusts 127.0.0.1 only and neither shared server may be
reconfigured or restarted; socat's connections to them come from 127.0.0.1, so nothing
changes on their side. A DNAT rule would need iptables (not installed) and route_localnet,
and PostgreSQL would still see the hosts' addresses. socat forks one process per
connection, which is cheap here: Django keeps its database connections (CONN_MAX_AGE) and
the Redis client pools its own.

The media folders are one folder on this machine, shared by both hosts; real hosts need
shared storage for them (docs/scaling.md, object storage).
"""

import contextlib
import ipaddress
import os
import pwd
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from deploy import render
from deploy.local import NGINX, PYTHON, ROOT, read_env_file

DIR = Path(os.environ.get("TWO_HOSTS_DIR", ROOT / "var" / "two-hosts"))
PORT = int(os.environ.get("TWO_HOSTS_PORT", "8230"))
APP_PORT = int(os.environ.get("TWO_HOSTS_APP_PORT", "8231"))
NAMESPACES = os.environ.get("TWO_HOSTS_NAMESPACES", "rinde-a,rinde-b").split(",")
BRIDGE = os.environ.get("TWO_HOSTS_BRIDGE", "rinde-br")
SUBNET = ipaddress.ip_network(os.environ.get("TWO_HOSTS_SUBNET", "10.231.0.0/24"))
DATABASE_URL = os.environ.get(
    "TWO_HOSTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rinde_hosts"
)
REDIS_URL = os.environ.get("TWO_HOSTS_REDIS_URL", "redis://127.0.0.1:6379/10")
GUNICORN_WORKERS = os.environ.get("TWO_HOSTS_GUNICORN_WORKERS", "2")
# The app hosts' settings module, for a trial of a setting the environment file cannot
# change (docs/scaling.md, PgBouncer); empty: the environment file's (rinde.settings).
SETTINGS = os.environ.get("TWO_HOSTS_SETTINGS", "")

IP = "/usr/sbin/ip"  # Debian's iproute2
SOCAT = "/usr/bin/socat"  # Debian's socat

URL = f"http://127.0.0.1:{PORT}"
GATEWAY = str(SUBNET[1])  # the root namespace's end: nginx's source, the forwards' address
VAR_DIR = DIR / "var"
LOG_DIR = DIR / "log"
RUN_DIR = DIR / "run"
CONF_DIR = DIR / "nginx"
ENV_FILE = DIR / "rinde.env"
DATABASE_MARK = VAR_DIR / "database"

# Each process's pid file is run/<name>.pid; the word its command line must hold, so a
# stale pid file never names someone else's process.
COMMAND_WORDS = {"nginx": "nginx", "web": "gunicorn", "worker": "db_worker", "forward": "socat"}


def host_address(namespace: str) -> str:
    return str(SUBNET[2 + NAMESPACES.index(namespace)])


def app_address(namespace: str) -> str:
    return f"{host_address(namespace)}:{APP_PORT}"


def through_gateway(url: str) -> str:
    """`url` (on 127.0.0.1) as an app host reaches it: the gateway's forward, same port."""
    parts = urlsplit(url)
    netloc = parts.netloc.replace("127.0.0.1", GATEWAY).replace("localhost", GATEWAY)
    return urlunsplit(parts._replace(netloc=netloc))


# -- the network ---------------------------------------------------------------------------


def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - iproute2 with our own arguments
        [IP, *args], check=check, capture_output=True, text=True
    )


def existing_namespaces() -> set[str]:
    return {line.split()[0] for line in ip("netns", "list").stdout.splitlines() if line}


def veth(namespace: str) -> str:
    """The root namespace's end of a host's veth pair (its other end is `eth0` inside)."""
    return f"{namespace}-v"


def make_network() -> None:
    ip("link", "add", BRIDGE, "type", "bridge")
    ip("addr", "add", f"{GATEWAY}/{SUBNET.prefixlen}", "dev", BRIDGE)
    ip("link", "set", BRIDGE, "up")
    for namespace in NAMESPACES:
        ip("netns", "add", namespace)
        ip(
            "link",
            "add",
            veth(namespace),
            "type",
            "veth",
            "peer",
            "name",
            "eth0",
            "netns",
            namespace,
        )
        ip("link", "set", veth(namespace), "master", BRIDGE, "up")
        inside = ("netns", "exec", namespace, "ip")
        ip(*inside, "addr", "add", f"{host_address(namespace)}/{SUBNET.prefixlen}", "dev", "eth0")
        ip(*inside, "link", "set", "eth0", "up")
        ip(*inside, "link", "set", "lo", "up")


def remove_network() -> None:
    """Remove the namespaces and links that make_network makes, those only, if present."""
    present = existing_namespaces()
    for namespace in NAMESPACES:
        if namespace in present:
            # Anything still running inside was started by us (start/the tests): end it by
            # its id, else the namespace outlives its name.
            for pid in ip("netns", "pids", namespace).stdout.split():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(pid), signal.SIGKILL)
            ip("netns", "del", namespace)
        # Deleting the namespace deletes its end of the veth pair and, a moment later, this
        # end: gone already, or going, is fine.
        ip("link", "del", veth(namespace), check=False)
    ip("link", "del", BRIDGE, check=False)


# -- processes -------------------------------------------------------------------------------


def pid_file(name: str) -> Path:
    return RUN_DIR / f"{name}.pid"


def running_pid(name: str) -> int | None:
    """The pid in `name`'s pid file, if that process is alive and is what we started."""
    try:
        pid = int(pid_file(name).read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except (OSError, ValueError):
        return None
    return pid if COMMAND_WORDS[name.split("-")[0]].encode() in command else None


def process_names() -> list[str]:
    names = ["nginx", "forward-postgres", "forward-redis"]
    for namespace in NAMESPACES:
        names += [f"web-{namespace}", f"worker-{namespace}"]
    return names


def processes() -> dict[str, int | None]:
    return {name: running_pid(name) for name in process_names()}


def environment() -> dict[str, str]:
    return {**os.environ, **read_env_file(ENV_FILE)}


def host_environment(namespace: str) -> dict[str, str]:
    """What differs between the hosts: the address gunicorn binds, where they reach
    PostgreSQL and Redis, their logs and metrics."""
    return {
        "DATABASE_URL": through_gateway(DATABASE_URL),
        "REDIS_URL": through_gateway(REDIS_URL),
        "GUNICORN_BIND": app_address(namespace),
        "GUNICORN_LOG_DIR": str(LOG_DIR / namespace),
        "PROMETHEUS_MULTIPROC_DIR": str(RUN_DIR / namespace / "metrics"),
        # nginx is not on the host's loopback: gunicorn must believe the X-Forwarded-Proto
        # of the balancer's address (deploy/gunicorn.conf.py trusts 127.0.0.1); these
        # arguments take precedence over its configuration file.
        "GUNICORN_CMD_ARGS": f"--forwarded-allow-ips {GATEWAY}",
        **({"DJANGO_SETTINGS_MODULE": SETTINGS} if SETTINGS else {}),
    }


def spawn(name: str, command: list[str], extra_env: dict[str, str] | None = None) -> int:
    """Start a long-running process detached from this one (its own process group, so a
    host's gunicorn and its workers are killed together), output in log/<name>.log."""
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


def in_namespace(namespace: str, command: list[str]) -> list[str]:
    # `ip netns exec` execs the command: the pid spawn records is the command's own.
    return [IP, "netns", "exec", namespace, *command]


def start_web(namespace: str) -> int:
    (LOG_DIR / namespace).mkdir(parents=True, exist_ok=True)
    gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "deploy/gunicorn.conf.py"]
    return spawn(
        f"web-{namespace}",
        in_namespace(namespace, [*gunicorn, "rinde.wsgi"]),
        host_environment(namespace),
    )


def start_worker(namespace: str) -> int:
    command = [str(PYTHON), "manage.py", "db_worker", "--worker-id", namespace]
    return spawn(
        f"worker-{namespace}", in_namespace(namespace, command), host_environment(namespace)
    )


def start_forwards() -> None:
    for name, url in (("postgres", DATABASE_URL), ("redis", REDIS_URL)):
        port = urlsplit(url).port
        spawn(
            f"forward-{name}",
            [SOCAT, f"TCP-LISTEN:{port},bind={GATEWAY},reuseaddr,fork", f"TCP:127.0.0.1:{port}"],
        )


def start_nginx() -> None:
    command = [NGINX, "-p", str(CONF_DIR), "-c", str(CONF_DIR / "local-nginx.conf")]
    command += ["-e", str(LOG_DIR / "nginx-error.log")]
    subprocess.run([*command, "-t", "-q"], check=True)  # noqa: S603
    subprocess.run(command, check=True)  # noqa: S603 - daemonizes; writes run/nginx.pid


def reload_nginx(upstreams: list[str] | None = None) -> None:
    """Render the configuration again, with other app servers if given (a test puts
    something between nginx and a host), and have the running nginx read it."""
    render_config(upstreams)
    command = [NGINX, "-p", str(CONF_DIR), "-c", str(CONF_DIR / "local-nginx.conf")]
    subprocess.run([*command, "-t", "-q"], check=True)  # noqa: S603
    os.kill(running_pid("nginx"), signal.SIGHUP)
    time.sleep(1)  # the old workers finish their requests; new ones start


def kill_host(namespace: str) -> None:
    """A host failing: its gunicorn (master and workers) killed at once, no graceful exit."""
    pid = running_pid(f"web-{namespace}")
    if pid is not None:
        os.killpg(pid, signal.SIGKILL)


def stop_process(name: str, timeout: float = 30) -> None:
    pid = running_pid(name)
    if pid is not None:
        # What spawn started leads its own process group (gunicorn's workers, socat's
        # children per connection): signal the group. nginx daemonized itself: its master.
        send = os.kill if name == "nginx" else os.killpg
        send(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while running_pid(name) == pid and time.monotonic() < deadline:
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            send(pid, signal.SIGKILL)
    pid_file(name).unlink(missing_ok=True)


# -- configuration and data ----------------------------------------------------------------


def values(upstreams: list[str] | None = None) -> dict[str, str]:
    """The templates' values; `upstreams`: nginx's app servers (default: the hosts)."""
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
        # Each host's own comes from host_environment(); this one is for manage.py here.
        APP_ADDRESS=f"127.0.0.1:{APP_PORT}",
        UPSTREAM_SERVERS=render.upstream_servers(upstreams or list(map(app_address, NAMESPACES))),
        SECRET_KEY=existing_secret_key() or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=URL,
        SITE_URL=URL,
        RINDE_HTTPS="0",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="rinde-two-hosts",
        GUNICORN_WORKERS=GUNICORN_WORKERS,
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        LOAD_MODULES="\n".join(f"load_module {m};" for m in render.BROTLI_MODULES)
        if render.brotli_installed()
        else "# brotli: libnginx-mod-http-brotli-filter/-static not installed",
        USER_DIRECTIVE="user root;" if os.geteuid() == 0 else "",
    )


def existing_secret_key() -> str:
    """The same key across restarts, so sessions outlive a `start` after a `start`."""
    return read_env_file(ENV_FILE).get("SECRET_KEY", "") if ENV_FILE.exists() else ""


def render_config(upstreams: list[str] | None = None) -> None:
    for folder in (VAR_DIR, LOG_DIR, RUN_DIR, CONF_DIR, DIR / "cache"):
        folder.mkdir(parents=True, exist_ok=True)
    filled = values(upstreams)
    brotli = render.brotli_installed()
    templates = ["nginx/rinde.conf", "nginx/rinde-locations.conf", "nginx/local-nginx.conf"]
    render.render(templates, filled, CONF_DIR, brotli=brotli)
    render.render(["rinde.env"], filled, DIR, brotli=brotli)
    ENV_FILE.chmod(0o600)


def ensure_database() -> None:
    """This folder's database: made when missing, made again when VAR_DIR does not claim it
    (rows name files under VAR_DIR; deploy/local.py explains)."""
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    ours = DATABASE_MARK.is_file() and DATABASE_MARK.read_text() == DATABASE_URL
    admin_url = urlunsplit(parts._replace(path="/postgres"))
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


# -- start, stop, health ---------------------------------------------------------------------


def healthy(url: str = URL, timeout: float = 2) -> bool:
    try:
        # The site's name, as nginx passes it ($host), also when a host is asked directly.
        asked = urllib.request.Request(url + "/health/", headers={"Host": "127.0.0.1"})  # noqa: S310
        with urllib.request.urlopen(asked, timeout=timeout) as response:  # noqa: S310
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


def host_url(namespace: str) -> str:
    """A host's gunicorn, reached directly from the root namespace (past nginx)."""
    return f"http://{app_address(namespace)}"


def wait_until_healthy(urls: list[str] | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    for url in urls or [*map(host_url, NAMESPACES), URL]:
        while not healthy(url):
            if time.monotonic() > deadline:
                raise SystemExit(f"{url}/health/ no respondió en {seconds:.0f} s: mire {LOG_DIR}")
            time.sleep(0.2)


def start() -> None:
    stop()
    render_config()
    ensure_database()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("load_demo", "--quiet-accounts")
    try:
        make_network()
        start_forwards()
        for namespace in NAMESPACES:
            start_web(namespace)
            start_worker(namespace)
        start_nginx()
        wait_until_healthy()
    except BaseException:
        stop()  # never leave namespaces and processes behind a failed start
        raise


def stop() -> None:
    """Idempotent: ends what start left (by its pid files), then the network it made."""
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    for name in process_names():
        stop_process(name)
    remove_network()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "start"
    if command == "start":
        start()
        hosts = ", ".join(f"{n} {app_address(n)}" for n in NAMESPACES)
        print(f"Rinde en dos servidores ({hosts}) detrás de nginx: {URL}/")
        print(f"Registros en {LOG_DIR}; para detener: python -m deploy.two_hosts stop")
    elif command == "stop":
        stop()
    elif command == "status":
        for name, pid in processes().items():
            print(f"{name:<24}{pid or '-'}")
        return 0 if healthy() else 1
    else:
        raise SystemExit("uso: python -m deploy.two_hosts start|stop|status")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
