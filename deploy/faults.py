"""Pieces of the fault tests (deploy/tests/test_fault_*.py): a PostgreSQL cluster and a Redis
server of their own, which a test stops and starts mid-load, a tiny file system that fills
up, and a deploy-local stack (deploy/local.py, unchanged) pointed at them on free ports.

The machine's own PostgreSQL and Redis serve other work: they are never stopped here. Each
stack lives in a temporary folder of its own, with its own database, and is stopped and
removed by `FaultStack.stop()`.
"""

import http.client
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from deploy import local

ROOT = local.ROOT
PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
MOUNT, UMOUNT = "/usr/bin/mount", "/usr/bin/umount"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def missing_tools(*, postgres: bool = False) -> str | None:
    """Why this machine cannot run a fault test, or None."""
    if not Path(local.NGINX).exists():
        return "Debian's nginx is not installed (make nginx-deps)"
    if postgres and not (PG_BIN / "pg_ctl").exists():
        return f"PostgreSQL's server programs are not in {PG_BIN} (FAULTS_PG_BIN)"
    if not Path(REDIS_SERVER).exists():
        return "redis-server is not installed"
    return None


class PrivatePostgres:
    """A PostgreSQL cluster in `folder`, on `port`, trusting local connections. As root,
    its programs run as the `postgres` user (initdb refuses root)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/rinde_faults"

    def _run(self, *command: str) -> None:
        if os.geteuid() == 0:
            command = ("/usr/sbin/runuser", "-u", "postgres", "--", *command)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def create(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8",
        )  # fmt: skip
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.folder / "postgres.log"), "-w", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """`fast`: what a restart by systemd does; every session is ended, open transactions
        rolled back."""
        if (self.data / "postmaster.pid").exists():
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")


class PrivateRedis:
    """A redis-server without persistence: stopped, it comes back empty, as after a crash."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


class TinyDisk:
    """A tmpfs of `size` mounted on `folder` (root only): a file system that fills up."""

    def __init__(self, folder: Path, size: str):
        self.folder = folder
        self.size = size
        self.mounted = False

    def mount(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [MOUNT, "-t", "tmpfs", "-o", f"size={self.size}", "tmpfs", str(self.folder)]
        subprocess.run(command, check=True)  # noqa: S603
        self.mounted = True

    def unmount(self) -> None:
        if self.mounted:
            subprocess.run([UMOUNT, str(self.folder)], check=True)  # noqa: S603
            self.mounted = False

    def files(self) -> list[Path]:
        return sorted(path for path in self.folder.rglob("*") if path.is_file())


class FaultStack:
    """deploy-local's stack (nginx, gunicorn with 3 workers, the task worker, the demo) in a
    folder of its own, on free ports, with the given database and Redis. POSTs are not
    limited per address (all the load comes from this one), so every post reaches Django."""

    def __init__(self, *, database_url: str, redis_url: str, folder: Path | None = None):
        self.folder = folder or Path(tempfile.mkdtemp(prefix="rinde-faults-"))
        # Other users (postgres, nginx's workers) walk into it.
        self.folder.chmod(0o755)
        self.dir = self.folder / "stack"
        self.port = free_port()
        self.app_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.redis_url = redis_url

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "DEPLOY_LOCAL_DIR": str(self.dir),
            "DEPLOY_LOCAL_PORT": str(self.port),
            "DEPLOY_LOCAL_APP_PORT": str(self.app_port),
            "DEPLOY_LOCAL_DATABASE_URL": self.database_url,
            "DEPLOY_LOCAL_REDIS_URL": self.redis_url,
            "DEPLOY_LOCAL_POST_RATE": "10000r/s",
            "DEPLOY_LOCAL_POST_BURST": "10000",
            "QUESTION_RATE_LIMIT_COUNT": "100000",
        }

    def _local(self, command: str) -> None:
        subprocess.run(  # noqa: S603 - deploy.local with our own arguments
            [sys.executable, "-m", "deploy.local", command],
            cwd=ROOT,
            env=self.environment(),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self._local("start")

    def stop(self) -> None:
        if self.dir.exists():
            self._local("stop")

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def var_dir(self) -> Path:
        return self.dir / "var"

    def app_environment(self) -> dict[str, str]:
        """What the stack's processes read: the rendered environment file over ours."""
        return {**self.environment(), **local.read_env_file(self.dir / "rinde.env")}

    def manage(self, *args: str) -> str:
        """manage.py against the stack's database; its standard output."""
        return subprocess.run(  # noqa: S603 - manage.py with our own arguments
            [str(local.PYTHON), "manage.py", *args],
            cwd=ROOT,
            env=self.app_environment(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def python(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code)

    def pid(self, name: str) -> int | None:
        try:
            return int((self.dir / "run" / f"{name}.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def web_pids(self) -> tuple[int | None, set[int]]:
        """gunicorn's master and its workers: a restart of either changes these."""
        master = self.pid("web")
        if master is None:
            return None, set()
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return master, {int(pid) for pid in children}

    def start_tokens(self, count: int) -> list[str]:
        """Form start tokens signed with the stack's key, dated a minute ago (so each passes
        the minimum time to fill a form): one per post, as each is spent once."""
        out = self.python(
            "import time\n"
            "from rinde.core.antispam import sign_start\n"
            f"print('\\n'.join(sign_start(time.time() - 60) for _ in range({count})))"
        )
        return out.split()


def tracking_code(location: str) -> str | None:
    found = re.fullmatch(r"/preguntas/([A-Z0-9-]+)/recibida/", location or "")
    return found.group(1) if found else None


class Session:
    """A browser's part of HTTP for the tests: one keep-alive connection to the stack's nginx,
    its cookies, and each answer as (status, headers with lower-case names, body). Redirects
    are answers, never followed."""

    def __init__(self, port: int, timeout: float = 30):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection = None

    def request(self, method: str, path: str, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # nginx closed an idle keep-alive connection: nothing was sent upstream.
                self.close()
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, cookie_value = cookie.partition("=")
                self.cookies[key.strip()] = cookie_value.strip()
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, fields: dict[str, str], headers=None):
        return self.request(
            "POST",
            path,
            body=urllib.parse.urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
        )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def csrf_token(page: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


class FaultServers:
    """One stack for every fault test, on a private PostgreSQL and a private Redis: each test
    breaks one piece and puts it back, so the demo is loaded once (a minute, on a busy
    machine) rather than once per fault."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="rinde-faults-"))
        self.folder.chmod(0o755)  # postgres and nginx's workers walk into it
        self.postgres = PrivatePostgres(self.folder / "postgres")
        self.redis = PrivateRedis()
        self.stack = FaultStack(
            database_url=self.postgres.url, redis_url=self.redis.url, folder=self.folder
        )

    def start(self) -> None:
        self.postgres.create()
        self.redis.start()
        self.stack.start()

    def stop(self) -> None:
        try:
            self.stack.stop()
        finally:
            self.postgres.stop()
            self.redis.stop()
            self.stack.remove()


_shared: list[FaultServers] = []


def shared_servers(add_finalizer) -> FaultServers:
    """The fault tests' stack, started on first use; `add_finalizer` (a session-scoped
    fixture's request.addfinalizer) stops it when the test session ends."""
    if not _shared:
        servers = FaultServers()
        add_finalizer(servers.stop)
        servers.start()
        _shared.append(servers)
    return _shared[0]
