"""`make bench`: throughput of public pages beside a trivial Django view, measured in the
same run on the same server (gunicorn, 3 workers, wrk with 32 connections), as a ratio.

Target (architecture.md): each public page at least 40 % of the trivial view, uncached by
any HTTP cache; first-visit weight (HTML + CSS, gzip) under 100 KB.
"""

import gzip
import os
import re
import shutil
import sys
import tempfile
import urllib.request
from pathlib import Path

from common import prepare, start_server, wrk

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8300"))  # below 32768: see toolbox.md on TIME_WAIT
DURATION = os.environ.get("BENCH_DURATION", "10s")
PAGES = [
    "/",
    "/privacidad/",
    "/mapa-del-sitio/",
    "/sitemap.xml",
    "/plan/",
    "/rendicion/2023/",
    "/rendicion/2023/preguntas/",
    "/rendicion/2023/foro/",
    "/boletines/",
    "/rendicion/2023/archivo/",
    "/datos/",
    "/buscar/?q=participacion",
    # Issue 16's public pages (review16): the API's list and reference, a project's
    # citizens' comments (the demo comments on infraestructura's first project), the feeds
    # and subscriptions page.
    "/api/preguntas",
    "/api/docs",
    "/plan/2020-2023/proyecto/3.1.1.1/comentarios/",
    "/suscripciones/",
]
# Measured and printed, but not a page: it writes to the cache and asks the database.
INFO_ONLY = ["/health/"]
TARGET_RATIO = 0.40
REFERENCE = "/bench/trivial/"


def throughput(url: str) -> float:
    result = wrk(url, duration=DURATION)
    if result["errors"]:
        raise SystemExit(f"{url}: {result['errors']} error responses")
    return result["rate"]


def weight(base: str, path: str) -> int:
    html = urllib.request.urlopen(base + path).read()  # noqa: S310 - our own local server
    total = len(gzip.compress(html))
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        total += len(gzip.compress(urllib.request.urlopen(base + asset.decode()).read()))  # noqa: S310
    return total


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: make bench installs it from Debian's packages")
    print("== with the whole-page cache of anonymous public pages (as deployed)")
    failed = measure({})
    print("\n== without it (PUBLIC_PAGE_CACHE_SECONDS=0): the cost of rendering, for information")
    measure({"PUBLIC_PAGE_CACHE_SECONDS": "0"}, enforce=False)
    return 1 if failed else 0


def measure(extra_env: dict[str, str], enforce: bool = True) -> bool:
    var = tempfile.mkdtemp(prefix="rinde-bench-")
    env = {
        **os.environ,
        **extra_env,
        "RINDE_VAR_DIR": var,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    prepare(env)
    server = start_server(env, PORT)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for path in [REFERENCE, *PAGES, *INFO_ONLY]:  # warm every worker's caches
            for _ in range(6):
                urllib.request.urlopen(base + path)  # noqa: S310
        reference = throughput(base + REFERENCE)
        print(
            f"{'page':<22}{'req/s':>10}{'reference':>12}{'ratio':>8}  {'target':>6}  weight (gzip)"
        )
        print(f"{REFERENCE:<22}{reference:>10.0f}{reference:>12.0f}{1:>8.2f}")
        failed = False
        for path in INFO_ONLY:
            rate = throughput(base + path)
            print(
                f"{path:<22}{rate:>10.0f}{reference:>12.0f}{rate / reference:>8.2f}  (information only)"
            )
        for path in PAGES:
            rate = throughput(base + path)
            ratio = rate / reference
            size = weight(base, path)
            ok = ratio >= TARGET_RATIO and size < 100_000
            failed |= enforce and not ok
            print(
                f"{path:<22}{rate:>10.0f}{reference:>12.0f}{ratio:>8.2f}  {TARGET_RATIO:>6.2f}  {size / 1024:.1f} KB {'ok' if ok else 'BELOW TARGET'}"
            )
        return failed
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
