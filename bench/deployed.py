"""`make bench`, the page as deployed (issue 17): every anonymous public page through
deploy-local's nginx (micro-cache in front of gunicorn, PostgreSQL, Redis) beside a second
nginx serving the same bytes as a static file, measured with wrk in the same run.

Target (issue 17): each page at least 50 % of the static file's rate.

Like for like: both nginx run 2 worker processes, log every request, and compress on the
fly with the same settings (the compression lines of deploy-local's rendered site are
copied into the reference's); wrk sends a browser's headers (Accept-Encoding: br, gzip…) to
both, with the same threads, connections and duration, each after an unmeasured warm-up,
page and reference alternating so a swing in the machine's load hits both.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from common import BROWSER_HEADERS, deployed, load_average, wait_for, wrk
from run import PAGES

DURATION = os.environ.get("BENCH_DEPLOYED_DURATION", "5s")
WARM_UP = "1s"
TARGET_RATIO = 0.50
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def static_port(deploy_port: int) -> int:
    # deploy-local takes its port and the next one (gunicorn): the reference the one after.
    return int(os.environ.get("BENCH_STATIC_PORT", str(deploy_port + 2)))


def file_name(number: int, content_type: str) -> str:
    return f"page-{number}.{'xml' if 'xml' in content_type else 'html'}"


def compression_lines(site_conf: Path) -> str:
    """The gzip and brotli directives of deploy-local's rendered server block (each may run
    over several lines), so the reference compresses exactly as the site does."""
    text = site_conf.read_text()
    found = re.findall(r"^(?:gzip|brotli)\w*\s[^;]*;", text, re.MULTILINE)
    return "\n".join(found)


def start_static_nginx(local, work: Path, port: int) -> int:
    """Start the reference nginx; return its master's pid. It daemonizes, as deploy-local's
    nginx does: each then runs in a session of its own, and Linux's scheduler (autogroup)
    shares a busy machine's CPU between sessions, not processes. Kept in the bench's
    session beside wrk, the reference had another share of the CPU than the site, and
    measured up to 4 times faster than the same nginx in a session of its own."""
    modules = "\n".join(
        f"load_module {m};" for m in local.render.BROTLI_MODULES if local.render.brotli_installed()
    )
    user = "user root;" if os.geteuid() == 0 else ""
    temp = " ".join(
        f"{kind}_temp_path {work}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = work / "nginx.conf"
    conf.write_text(
        f"{modules}\n{user}\n"
        f"daemon on; worker_processes 2; pid {work}/nginx.pid; error_log {work}/error.log;\n"
        "events { worker_connections 4096; }\n"
        "http {\n"
        "  include /etc/nginx/mime.types;\n"
        "  sendfile on; tcp_nopush on; keepalive_timeout 65; server_tokens off;\n"
        f"  access_log {work}/access.log; {temp}\n"
        f"{compression_lines(local.CONF_DIR / 'rinde-locations.conf')}\n"
        f"  server {{ listen 127.0.0.1:{port}; root {work}/pages; }}\n"
        "}\n"
    )
    subprocess.run([NGINX, "-c", str(conf), "-p", str(work)], check=True)  # noqa: S603
    return int((work / "nginx.pid").read_text())


def fetch(url: str) -> tuple[bytes, str]:
    """The page as nginx sends it uncompressed (the bytes the reference will serve)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})  # noqa: S310
    with urllib.request.urlopen(request) as response:  # noqa: S310 - our own local server
        return response.read(), response.headers["Content-Type"]


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: make bench installs it from Debian's packages")
    with deployed() as local:
        work = Path(tempfile.mkdtemp(prefix="rinde-bench-deployed-"))
        (work / "pages").mkdir()
        port = static_port(local.PORT)
        files = {}
        for number, path in enumerate(PAGES):
            body, content_type = fetch(local.URL + path)
            files[path] = file_name(number, content_type)
            (work / "pages" / files[path]).write_bytes(body)
        nginx_pid = start_static_nginx(local, work, port)
        reference_base = f"http://127.0.0.1:{port}/"
        try:
            wait_for(reference_base + files[PAGES[0]])
            return measure(local, reference_base, files)
        finally:
            os.kill(nginx_pid, signal.SIGQUIT)  # the master we started: it stops its workers
            shutil.rmtree(work, ignore_errors=True)


def measure(local, reference_base: str, files: dict[str, str]) -> int:
    print(
        f"== every anonymous public page through deploy-local's nginx ({local.URL}) beside "
        f"nginx serving the same bytes as a static file"
    )
    print(
        f"wrk 2 threads, 32 connections, {DURATION} each after a {WARM_UP} warm-up, "
        f"browser headers (Accept-Encoding: gzip, deflate, br, zstd); {load_average()}"
    )
    print(f"{'page':<28}{'req/s':>9}{'static':>9}{'ratio':>7}{'target':>8}{'p99 ms':>8}")
    failed = False
    for path in PAGES:
        page_url, static_url = local.URL + path, reference_base + files[path]
        for url in (page_url, static_url):
            wrk(url, duration=WARM_UP, headers=BROWSER_HEADERS)
        page = wrk(page_url, duration=DURATION, headers=BROWSER_HEADERS)
        static = wrk(static_url, duration=DURATION, headers=BROWSER_HEADERS)
        ratio = page["rate"] / static["rate"]
        errors = page["errors"] + page["socket_errors"] + static["errors"]
        ok = ratio >= TARGET_RATIO and errors == 0
        failed |= not ok
        verdict = "ok" if ok else "BELOW TARGET"
        if errors:
            verdict += f" ({errors} errors)"
        print(
            f"{path:<28}{page['rate']:>9.0f}{static['rate']:>9.0f}{ratio:>7.2f}"
            f"{TARGET_RATIO:>8.2f}{page['p99_ms']:>8.1f}  {verdict}"
        )
    print(load_average())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
