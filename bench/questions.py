"""`make bench`, questions: (1) question submission on PostgreSQL under a multi-process
server beside a trivial POST view in the same run, and every accepted question looked up
afterwards by the tracking code its 303 answer carried; (2) the live question list
revalidated with ETag (304) beside nginx serving the same bytes as a static file.

Targets (issue 5): submission ≥ 30 % of the trivial POST's rate, p99 < 150 ms, nothing lost.
Production settings (bench.settings adds only the reference views), PostgreSQL and Redis;
the only difference is the rate limit's threshold, raised because all the load comes from
one address: every post is still counted against it (one Redis round trip).
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from common import CURRENT, CURRENT_YEAR, prepare, start_server, wait_for, wrk

ROOT = Path(__file__).resolve().parent.parent
# BENCH_PORT and the next one up, like the other benches (two runs on one machine).
PORT = int(os.environ.get("BENCH_PORT", "8310"))
NGINX_PORT = PORT + 1
DURATION = os.environ.get("BENCH_DURATION", "10s")
ROUNDS = 5
ROUND_DURATION = os.environ.get("BENCH_ROUND_DURATION", "4s")
WARM_UP = "2s"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
PG = "postgres://postgres@127.0.0.1:5432/"
DB = f"rinde_bench_{os.getpid()}"


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True
    )


# Start tokens per question run: each post spends its own (core.antispam.spend_form_token),
# so wrk needs one per request; far more than a 4-second run posts on this machine.
TOKENS_PER_RUN = 25_000
QUESTION_RUNS = 1 + ROUNDS  # the warm-up, then each round


def lua_post(path: Path, name: str, body: str, cookie: str, codes: Path, tokens: Path) -> Path:
    """wrk's script: the same form post on every request, each with its own signed start
    token (`body` ends with "started=", the token follows), taken in turn from `tokens`
    (thread n of wrk's threads takes every line n); each 303's Location (which carries
    the question's tracking code) is kept per thread and written to `codes` when the run
    ends, so every accepted question can be looked up afterwards. Both the trivial and the
    question posts run it, so both pay for building the body and reading the headers."""
    script = path / f"{name}.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "{cookie}"\n'
        'wrk.headers["Referer"] = "http://127.0.0.1"\n'
        "local threads = {}\n"
        "local started = 0\n"
        "function setup(thread)\n"
        '  thread:set("number", started)\n'
        "  started = started + 1\n"
        "  table.insert(threads, thread)\n"
        "end\n"
        "locations = {}\n"
        "local bodies = {}\n"
        "local sent = 0\n"
        "function init(args)\n"
        "  local line_number = 0\n"
        f'  for token in io.lines("{tokens}") do\n'
        "    if line_number % 2 == number then\n"  # wrk runs 2 threads (common.wrk)
        f'      bodies[#bodies + 1] = wrk.format(nil, nil, nil, "{body}" .. token)\n'
        "    end\n"
        "    line_number = line_number + 1\n"
        "  end\n"
        "end\n"
        "function request()\n"
        "  sent = sent + 1\n"
        "  -- Past the last token a post repeats it and is refused (400): counted as an error.\n"
        "  return bodies[sent] or bodies[#bodies]\n"
        "end\n"
        "function response(status, headers, body)\n"
        '  if status == 303 then locations[#locations + 1] = headers["Location"] or "" end\n'
        "end\n"
        "function done(summary, latency, requests)\n"
        f'  local out = assert(io.open("{codes}", "a"))\n'
        "  for _, thread in ipairs(threads) do\n"
        '    for _, location in ipairs(thread:get("locations")) do out:write(location, "\\n") end\n'
        "  end\n"
        "  out:close()\n"
        "end\n"
    )
    return script


def write_tokens(env: dict[str, str], work: Path) -> list[Path]:
    """QUESTION_RUNS files of TOKENS_PER_RUN start tokens, signed as the server signs them
    (its SECRET_KEY), dated a minute ago so each passes the 3-second minimum, URL-encoded."""
    files = [work / f"tokens-{n}.txt" for n in range(QUESTION_RUNS)]
    code = (
        "import django; django.setup()\n"
        "import sys, time, urllib.parse\n"
        "from rinde.core.antispam import sign_start\n"
        "for name in sys.argv[2:]:\n"
        "    with open(name, 'w') as out:\n"
        "        for _ in range(int(sys.argv[1])):\n"
        "            out.write(urllib.parse.quote(sign_start(time.time() - 60)) + '\\n')\n"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(TOKENS_PER_RUN), *map(str, files)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return files


def main() -> int:
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path("/usr/sbin/nginx").exists():
            raise SystemExit(f"{tool} is missing: make bench installs it from Debian's packages")
    redis = check_redis()
    work = Path(tempfile.mkdtemp(prefix="rinde-bench-q-"))
    psql(f"CREATE DATABASE {DB}")
    env = {
        **os.environ,
        "RINDE_VAR_DIR": str(work),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": PG + DB,
        # Several processes share their cache (rate limits, cached pages) through Redis in
        # production; the in-memory default would give each worker its own.
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": DB,
        "RINDE_BENCH_NO_RATE_LIMIT": "1",
    }
    prepare(env)
    server = start_server(env, PORT)
    nginx = None
    base = f"http://127.0.0.1:{PORT}"
    try:
        # One real form: its CSRF cookie and token; signed start tokens from the past, one
        # per post.
        tokens = write_tokens(env, work)
        response = urllib.request.urlopen(base + f"/rendicion/{CURRENT}/preguntas/nueva/")  # noqa: S310
        cookie = response.headers["Set-Cookie"].split(";")[0]
        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()
        ).group(1)
        body = (
            f"csrfmiddlewaretoken={token}&website="
            "&text=%C2%BFCu%C3%A1ndo+arreglan+la+v%C3%ADa+del+barrio%3F&started="
        )
        codes_file = work / "accepted.txt"
        # The trivial view spends no token: its runs may all read the first file.
        trivial_script = lua_post(work, "trivial", body, cookie, codes_file, tokens[0])
        question_scripts = iter(
            lua_post(work, f"question-{n}", body, cookie, codes_file, path)
            for n, path in enumerate(tokens)
        )
        # A short run of each first, not measured: every worker imports and connects what
        # the request needs once in its life; the steady state is what is compared.
        wrk(base + "/bench/trivial/post/", duration=WARM_UP, script=trivial_script)
        wrk(
            base + f"/rendicion/{CURRENT}/preguntas/nueva/",
            duration=WARM_UP,
            script=next(question_scripts),
        )
        codes_file.unlink()
        before = count_questions(env)
        # Rounds that alternate the two, each ratio taken within its round: on this shared
        # machine the same code measured 920 to 1,390 posts/s from one minute to the next,
        # and two back-to-back windows could land on either side of such a swing.
        rounds = []
        for _ in range(ROUNDS):
            trivial = wrk(
                base + "/bench/trivial/post/", duration=ROUND_DURATION, script=trivial_script
            )
            asked = wrk(
                base + f"/rendicion/{CURRENT}/preguntas/nueva/",
                duration=ROUND_DURATION,
                script=next(question_scripts),
            )
            rounds.append((trivial, asked))
        stored = count_questions(env) - before
        print(
            f"== question submission (PostgreSQL, gunicorn 3 workers, wrk 32 connections), "
            f"{ROUNDS} rounds of {ROUND_DURATION} each"
        )
        print(f"{'round':<8}{'trivial POST/s':>16}{'question POST/s':>17}{'ratio':>7}{'p99 ms':>8}")
        ratios = []
        for number, (trivial, asked) in enumerate(rounds, 1):
            ratios.append(asked["rate"] / trivial["rate"])
            print(
                f"{number:<8}{trivial['rate']:>16.0f}{asked['rate']:>17.0f}"
                f"{ratios[-1]:>7.2f}{asked['p99_ms']:>8.1f}"
            )
        ratio = statistics.median(ratios)
        p99 = max(asked["p99_ms"] for _, asked in rounds)
        errors = sum(asked["errors"] for _, asked in rounds)
        # Every 303 that wrk read carried a tracking code: each one is looked up. Posts still
        # in flight when a round's window closed are stored too, but were never answered to
        # wrk: they are the "stored, not read by wrk" figure, not a loss.
        locations = codes_file.read_text().splitlines()
        codes = [tracking_code(location) for location in locations]
        stored_codes = questions_stored()
        missing = [code for code in codes if code not in stored_codes]
        # Two answers with one code would be two posts stored as one.
        repeated = len(codes) - len(set(codes))
        print(
            f"median ratio {ratio:.2f} (target ≥ 0.30); worst p99 {p99:.0f} ms (target < 150); "
            f"errors: {errors}"
        )
        print(
            f"answered 303 with a tracking code: {len(codes)} (wrk's count of answers: "
            f"{sum(asked['requests'] for _, asked in rounds) - errors}), each looked up: "
            f"{len(codes) - len(missing)} found, {len(missing)} lost, {repeated} repeated; "
            f"stored, not read by wrk: {stored - len(codes) + len(missing)}"
        )
        failed = ratio < 0.30 or p99 >= 150 or not codes or missing or repeated or errors != 0

        feed = urllib.request.urlopen(base + f"/rendicion/{CURRENT}/en-vivo/preguntas/")  # noqa: S310
        etag, content = feed.headers["ETag"], feed.read()
        (work / "feed.html").write_bytes(content)
        nginx = start_nginx(work)
        revalidated = wrk(
            base + f"/rendicion/{CURRENT}/en-vivo/preguntas/",
            duration=DURATION,
            headers=[f"If-None-Match: {etag}"],
        )
        static = wrk(f"http://127.0.0.1:{NGINX_PORT}/feed.html", duration=DURATION)
        print(
            "\n== live question list (revalidated with ETag → 304) beside nginx serving the same bytes"
        )
        print(f"{'nginx static (reference)':<28}{static['rate']:>9.0f}")
        print(
            f"{'live list, 304':<28}{revalidated['rate']:>9.0f}   ratio {revalidated['rate'] / static['rate']:.2f} (information)"
        )
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait(timeout=10)
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=10)
        psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        for key in redis.scan_iter(f"{DB}:*"):
            redis.delete(key)
        shutil.rmtree(work, ignore_errors=True)


def check_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        raise SystemExit(
            f"Redis does not answer at {REDIS_URL}: production runs several processes with "
            "Redis as their cache, and so does this benchmark (BENCH_REDIS_URL to change it)"
        ) from None
    return client


def tracking_code(location: str) -> str | None:
    found = re.fullmatch(rf"/preguntas/(RC{CURRENT_YEAR}-[A-Z0-9]{{6}})/recibida/", location)
    return found.group(1) if found else None


def questions_stored() -> set[str]:
    """Every tracking code in the bench database, read straight from PostgreSQL."""
    out = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            DB,
            "-Atc",
            "SELECT tracking_code FROM questions_question",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def count_questions(env) -> int:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from rinde.questions.models import Question; print(Question.objects.count())",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip())


def start_nginx(work: Path) -> subprocess.Popen:
    conf = work / "nginx.conf"
    temp = " ".join(
        f"{kind}_temp_path {work};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf.write_text(
        f"daemon off; worker_processes 2; pid {work}/nginx.pid; error_log {work}/error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; {temp}\n"
        f"  server {{ listen 127.0.0.1:{NGINX_PORT}; root {work}; }} }}\n"
    )
    process = subprocess.Popen(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-p", str(work)]
    )
    wait_for(f"http://127.0.0.1:{NGINX_PORT}/feed.html")
    return process


if __name__ == "__main__":
    sys.exit(main())
