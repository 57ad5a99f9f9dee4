"""What every benchmark shares: a prepared demo database, a gunicorn server, wrk."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
# The demo's exercise open on the day it is loaded (rinde/demo/current.py, current_slug):
# its question form, live page and forum take submissions; Itagüí 2023 is the past one, and
# a question posted there goes to this one.
CURRENT_YEAR = datetime.now(ZoneInfo("America/Bogota")).year  # settings.TIME_ZONE
CURRENT = str(CURRENT_YEAR) if CURRENT_YEAR != 2023 else "2023-actual"
DURATION_DEFAULT = "10s"


def prepare(env: dict[str, str]) -> None:
    """Migrate, collect static files and load the demo into the database `env` points at."""
    for command in (
        ["migrate", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo", "--quiet-accounts"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def start_server(env: dict[str, str], port: int, workers: int = 3) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    wait_for(f"http://127.0.0.1:{port}/bench/trivial/")
    return server


def wait_for(url: str, tries: int = 100) -> None:
    for _ in range(tries):
        try:
            urllib.request.urlopen(url)  # noqa: S310 - our own local server
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


def wrk(
    url: str,
    *,
    duration: str,
    script: Path | None = None,
    headers: list[str] = (),
    connections: int = 32,
    threads: int = 2,
    timeout: str = "2s",
) -> dict:
    """Run wrk (2 threads, 32 connections unless told) and return rate, request count,
    error responses, socket errors (connect, read, write, timeout) and p99."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency"]
    command += [f"--timeout={timeout}"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": int(bad.group(1)) if bad else 0,
        "socket_errors": sum(map(int, sockets.groups())) if sockets else 0,
        "p50_ms": latency_ms(out, "50%"),
        "p99_ms": latency_ms(out, "99%"),
        "output": out,
    }


def latency_ms(out: str, percentile: str) -> float:
    found = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)\b", out)
    return float(found.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[found.group(2)]


# What a browser sends with every page request (Firefox's, es-CO): compressed answers
# included, so nginx compresses what it sends (brotli when installed, else gzip).
BROWSER_HEADERS = [
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding: gzip, deflate, br, zstd",
    "Accept-Language: es-CO,es;q=0.8,en-US;q=0.5,en;q=0.3",
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
]


def load_average() -> str:
    """The machine's load, printed beside figures taken on a shared machine."""
    return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


@contextmanager
def deployed(*, post_rate: str = "", post_burst: str = "", app_env: dict | None = None):
    """`make deploy-local`'s stack (deploy/local.py) for a bench: started when it is not
    running (and stopped afterwards), else given the bench's nginx POST limit and the web
    processes' extra environment, and put back as it was at the end."""
    sys.path.insert(0, str(ROOT))
    from deploy import local

    app_env = app_env or {}
    was_running = local.healthy()
    saved = local.POST_RATE, local.POST_BURST
    if post_rate:
        local.POST_RATE, local.POST_BURST = post_rate, post_burst
    os.environ.update(app_env)
    if not was_running:
        print(f"(starting deploy-local at {local.URL}: about a minute on a fresh database)")
        local.start()
    else:
        local.reload_nginx()
        if app_env:
            restart_web(local)
    try:
        yield local
    finally:
        for name in app_env:
            os.environ.pop(name, None)
        local.POST_RATE, local.POST_BURST = saved
        if was_running:
            local.reload_nginx()
            if app_env:
                restart_web(local)
        else:
            local.stop()


def restart_web(local) -> None:
    local.stop_process("web")
    local.start_web()
    local.wait_until_healthy()


def stack_python(local, code: str) -> str:
    """Run `code` (after django.setup()) against the deploy-local stack's database and
    settings, as its processes see them; return what it printed."""
    return subprocess.run(  # noqa: S603 - our own code
        [str(local.PYTHON), "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=local.environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


CURRENT_CODE = """
from rinde.accounts.models import User
from rinde.accounts.second_factor import confirmed_device, current_code
print(current_code(confirmed_device(User.objects.get(username={username!r}))))
"""


class StaffClient:
    """A staff member's browser through nginx: cookies kept, redirects followed, logged in
    with the password and the second factor (the code an authenticator app would show,
    computed from the device's key on the stack, as the tests do)."""

    # Every demo account's password (README, "Demo accounts"): deploy-local loads the demo.
    DEMO_PASSWORD = "itagui-2023-demo"  # noqa: S105

    def __init__(self, base: str, username: str, password: str = DEMO_PASSWORD):
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.username, self.password = username, password

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, fields: dict[str, str], form_page: str | None = None, html=""):
        """Post `fields` with the CSRF token of the form in `html`, else on `form_page`
        (else `path`), fetched first."""
        import urllib.parse

        if not html:
            _, html = self.get(form_page or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.url

    def login(self, local) -> None:
        self.post("/panel/ingresar/", {"username": self.username, "password": self.password})
        code = stack_python(local, CURRENT_CODE.format(username=self.username))
        status, html, url = self.post("/panel/verificar/", {"code": code})
        if not url.rstrip("/").endswith("/panel") or status != 200:
            raise SystemExit(f"{self.username} could not log in (ended at {url}, {status})")
