"""`make bench`, the hearing day (issue 17), on deploy-local (nginx, gunicorn with 3 workers,
the task worker, PostgreSQL, Redis) on this machine:

- 10,000 viewers on the live page of the demo's current exercise (/rendicion/<year>/en-vivo/),
  each polling its question list as the page does: htmx's GET of its preguntas/ every 15 s
  (hx-trigger="every 15s"), with htmx's HX-* headers, a browser's Accept-Encoding, the
  csrftoken cookie the page's form gave that viewer, and If-None-Match with the ETag that
  viewer last got (the browser revalidates its copy: the list's max-age is shorter than
  15 s). 10,000 viewers every 15 s are 667 requests/s, spread evenly: wrk on a fixed set of
  connections, its Lua `delay()` holding each request to its slot in that schedule;
- 100 question posts/s to the live page's form, each with its own signed start token, each
  303's tracking code looked up in PostgreSQL afterwards (as bench/questions.py does);
- staff triaging: ICT logged in (password and second factor) loading the triage board, a
  new question's page, and classifying it, one question every 10 s;

for HEARING_DAY_DURATION seconds (default 300, the issue's 5 minutes). Targets: 0 lost and
0 repeated questions, p99 < 300 ms for viewers and for posts, no error responses. Then the
load steps up (HEARING_DAY_STEP seconds each) until p99 crosses 300 ms, errors appear or
the schedule cannot be kept, and the last step that held is printed.

All the load comes from one address, so nginx's POST limit (DEPLOY_LOCAL_POST_RATE/BURST)
and the application's per-address question limit (QUESTION_RATE_LIMIT_COUNT) are raised
for the run, and said so in the output; every post is still counted against both.
"""

import os
import re
import secrets
import shutil
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import CURRENT, CURRENT_YEAR, StaffClient, deployed, load_average, stack_python, wrk

DURATION = int(os.environ.get("HEARING_DAY_DURATION", "300"))
STEP = int(os.environ.get("HEARING_DAY_STEP", "30"))
VIEWERS = int(os.environ.get("HEARING_DAY_VIEWERS", "10000"))
POSTS_PER_SECOND = float(os.environ.get("HEARING_DAY_POSTS", "100"))
POLL_SECONDS = 15  # rinde/questions/templates/questions/live.html: hx-trigger="every 15s"
VIEWER_CONNECTIONS = int(os.environ.get("HEARING_DAY_VIEWER_CONNECTIONS", "1000"))
POST_CONNECTIONS = 64
STAFF_EVERY_SECONDS = 10  # one person: read the question, decide, classify
STEPS = [1.5, 2, 3, 4, 6, 8]
STEPS_DOWN = [0.5, 0.25, 0.1]
TARGET_P99_MS = 300
# A request sent this late after its slot means the schedule was not kept (the server fell
# behind and every connection was waiting): such a step does not hold.
LATE_MS = 100
LATE_SHARE = 0.01
POST_RATE, POST_BURST = "100000r/s", "100000"
QUESTION_LIMIT = "1000000000"
LIVE = f"/rendicion/{CURRENT}/en-vivo/"
FEED = f"/rendicion/{CURRENT}/en-vivo/preguntas/"
TEXT = "¿Cuándo arreglan la vía del barrio? (jornada de prueba)"

CLOCK_LUA = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } rinde_timespec;
int clock_gettime(int clock_id, rinde_timespec *tp);
]]
local ts = ffi.new("rinde_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
-- An even schedule: the k-th request of this thread goes at start + k * gap_ms. wrk asks
-- delay() before each request of each connection; a request whose slot has passed goes at
-- once and is counted late when more than LATE_MS behind.
-- Globals, not locals: done() reads them with thread:get().
late = 0
local start_ms, slot_number = nil, 0
function delay()
  local now = now_ms()
  start_ms = start_ms or now
  local slot = start_ms + slot_number * gap_ms
  slot_number = slot_number + 1
  if slot < now - LATE_MS then late = late + 1 end
  return math.max(0, math.floor(slot - now))
end
local threads = {}
function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end
""".replace("LATE_MS", str(LATE_MS))


def viewers_lua(work: Path, base: str, cookies: Path, rate: float, name: str) -> Path:
    """Each request is the next viewer's poll (round robin over this thread's viewers, so
    each polls every POLL_SECONDS at the full rate). wrk's response() cannot tell which
    connection (so which viewer) it reads; the ETag a viewer holds is the one the list had
    when that viewer last asked, from the history of ETags seen."""
    script = work / f"{name}.lua"
    script.write_text(
        f"gap_ms = {1000 / rate}\n"
        + CLOCK_LUA
        + f"""
local viewers, asked_at, history, sent = {{}}, {{}}, {{}}, 0
ok200, ok304, other = 0, 0, 0
function init(args)
  for cookie in io.lines("{cookies}") do viewers[#viewers + 1] = cookie end
end
local function etag_at(t)
  if not t then return nil end
  for i = #history, 1, -1 do
    if history[i][1] <= t then return history[i][2] end
  end
  return nil
end
function request()
  sent = sent + 1
  local viewer = (sent - 1) % #viewers + 1
  local headers = {{
    ["Accept"] = "*/*",
    ["Accept-Encoding"] = "gzip, deflate, br, zstd",
    ["Accept-Language"] = "es-CO,es;q=0.8,en-US;q=0.5,en;q=0.3",
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    ["HX-Request"] = "true",
    ["HX-Trigger"] = "live-feed",
    ["HX-Target"] = "live-feed",
    ["HX-Current-URL"] = "{base}{LIVE}",
    ["Referer"] = "{base}{LIVE}",
    ["Cookie"] = "csrftoken=" .. viewers[viewer],
  }}
  local etag = etag_at(asked_at[viewer])
  if etag then headers["If-None-Match"] = etag end
  asked_at[viewer] = now_ms()
  return wrk.format("GET", "{FEED}", headers)
end
function response(status, headers, body)
  if status == 200 then ok200 = ok200 + 1 elseif status == 304 then ok304 = ok304 + 1
  else other = other + 1 end
  local etag = headers["ETag"] or headers["Etag"]
  if etag and (#history == 0 or history[#history][2] ~= etag) then
    history[#history + 1] = {{now_ms(), etag}}
  end
end
function done(summary, latency, requests)
  local ok200, ok304, other, late = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    ok200 = ok200 + thread:get("ok200")
    ok304 = ok304 + thread:get("ok304")
    other = other + thread:get("other")
    late = late + thread:get("late")
  end
  local out = assert(io.open("{work}/{name}.counts", "w"))
  out:write(ok200, " ", ok304, " ", other, " ", late, "\\n")
  out:close()
end
"""
    )
    return script


def posts_lua(work: Path, body: str, cookie: str, tokens: Path, rate: float, name: str) -> Path:
    """bench/questions.py's post, on the even schedule: one signed start token per post,
    each 303's Location kept to look its tracking code up afterwards."""
    script = work / f"{name}.lua"
    script.write_text(
        f"gap_ms = {1000 / rate}\n"
        + CLOCK_LUA
        + f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"
wrk.headers["Accept-Encoding"] = "gzip, deflate, br, zstd"
locations = {{}}
other = 0
local bodies, sent = {{}}, 0
function init(args)
  for token in io.lines("{tokens}") do
    bodies[#bodies + 1] = wrk.format(nil, nil, nil, "{body}" .. token)
  end
end
function request()
  sent = sent + 1
  return bodies[sent] or bodies[#bodies]  -- past the last token: refused, an error
end
function response(status, headers, body)
  if status == 303 then locations[#locations + 1] = headers["Location"] or ""
  else other = other + 1 end
end
function done(summary, latency, requests)
  local out = assert(io.open("{work}/codes.txt", "a"))
  local other, late = 0, 0
  for _, thread in ipairs(threads) do
    for _, location in ipairs(thread:get("locations")) do out:write(location, "\\n") end
    other = other + thread:get("other")
    late = late + thread:get("late")
  end
  out:close()
  local counts = assert(io.open("{work}/{name}.counts", "w"))
  counts:write(0, " ", 0, " ", other, " ", late, "\\n")
  counts:close()
end
"""
    )
    return script


def viewer_cookies(work: Path) -> Path:
    """Each viewer's csrftoken: what the live page's form sets in a browser (32 letters and
    digits, as Django makes them), so each viewer's requests carry their own cookie."""
    alphabet = string.ascii_letters + string.digits
    path = work / "viewers.txt"
    path.write_text(
        "".join("".join(secrets.choice(alphabet) for _ in range(32)) + "\n" for _ in range(VIEWERS))
    )
    return path


TOKENS = """
import sys, time, urllib.parse
from rinde.core.antispam import sign_start
with open(sys.argv[1], "w") as out:
    for _ in range(int(sys.argv[2])):
        out.write(urllib.parse.quote(sign_start(time.time() - 60)) + "\\n")
"""


def write_tokens(local, path: Path, count: int) -> Path:
    """Start tokens signed with the stack's SECRET_KEY, dated a minute ago (past the form's
    3-second minimum), one per post."""
    subprocess.run(  # noqa: S603 - our own code
        [
            str(local.PYTHON),
            "-c",
            "import django; django.setup()\n" + TOKENS,
            str(path),
            str(count),
        ],
        cwd=local.ROOT,
        env=local.environment(),
        check=True,
    )
    return path


def live_form(base: str) -> tuple[str, str]:
    """The live page's form as a visitor gets it: its csrftoken cookie and form token."""
    with urllib.request.urlopen(base + LIVE) as response:  # noqa: S310 - our own server
        cookie = response.headers["Set-Cookie"].split(";")[0]
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, token


class Triage(threading.Thread):
    """ICT at work: the board, a new question's page, its classification, every few seconds."""

    def __init__(self, local, department: str):
        super().__init__(daemon=True)
        self.local, self.department = local, department
        self.client = StaffClient(local.URL, "tic")
        self.stop = threading.Event()
        self.timings: dict[str, list[float]] = {"board": [], "question": [], "classify": []}
        self.errors = 0
        self.classified = 0

    def timed(self, name: str, call):
        started = time.monotonic()
        result = call()
        self.timings[name].append((time.monotonic() - started) * 1000)
        return result

    def run(self) -> None:
        while not self.stop.is_set():
            started = time.monotonic()
            status, _ = self.timed("board", lambda: self.client.get("/panel/preguntas/"))
            self.errors += status != 200
            pk = newest_received(self.local)
            if pk:
                page = f"/panel/preguntas/{pk}/"
                status, html = self.timed("question", lambda page=page: self.client.get(page))
                self.errors += status != 200
                fields = {"topic": "Vías", "department": self.department, "kind": "general"}
                status, _, _ = self.timed(
                    "classify",
                    lambda page=page, fields=fields, html=html: self.client.post(
                        f"{page}classify/", fields, html=html
                    ),
                )
                self.errors += status != 200
                self.classified += status == 200
            self.stop.wait(max(0, STAFF_EVERY_SECONDS - (time.monotonic() - started)))


def psql(local, query: str) -> str:
    return subprocess.run(
        ["psql", local.DATABASE_URL, "-Atc", query],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def newest_received(local) -> str:
    return psql(
        local,
        "SELECT id FROM questions_question WHERE status = 'received' ORDER BY id DESC LIMIT 1",
    ).strip()


def tracking_code(location: str) -> str | None:
    found = re.fullmatch(rf"/preguntas/(RC{CURRENT_YEAR}-[A-Z0-9]{{6}})/recibida/", location)
    return found.group(1) if found else None


def counts(work: Path, name: str) -> dict:
    ok200, ok304, other, late = map(int, (work / f"{name}.counts").read_text().split())
    return {"200": ok200, "304": ok304, "other": other, "late": late}


def run_load(local, work, factor: float, seconds: int, name: str, body, cookie, cookies):
    """Viewers and posts at `factor` times the hearing day, side by side for `seconds`."""
    viewer_rate = VIEWERS / POLL_SECONDS * factor
    post_rate = POSTS_PER_SECOND * factor
    tokens = write_tokens(local, work / f"{name}.tokens", int(post_rate * (seconds + 5) * 1.2))
    viewers = viewers_lua(work, local.URL, cookies, viewer_rate, f"{name}-viewers")
    posts = posts_lua(work, body, cookie, tokens, post_rate, f"{name}-posts")
    with ThreadPoolExecutor(2) as pool:
        watching = pool.submit(
            wrk,
            local.URL + FEED,
            duration=f"{seconds}s",
            script=viewers,
            connections=VIEWER_CONNECTIONS,
            threads=1,
            timeout="10s",
        )
        asking = pool.submit(
            wrk,
            local.URL + LIVE,
            duration=f"{seconds}s",
            script=posts,
            connections=POST_CONNECTIONS,
            threads=1,
            timeout="10s",
        )
        watched, asked = watching.result(), asking.result()
    watched |= counts(work, f"{name}-viewers")
    asked |= counts(work, f"{name}-posts")
    return viewer_rate, post_rate, watched, asked


def holds(watched: dict, asked: dict) -> bool:
    errors = sum(r["errors"] + r["socket_errors"] + r["other"] for r in (watched, asked))
    late = (watched["late"] + asked["late"]) / max(1, watched["requests"] + asked["requests"])
    return (
        errors == 0
        and late <= LATE_SHARE
        and watched["p99_ms"] < TARGET_P99_MS
        and asked["p99_ms"] < TARGET_P99_MS
    )


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: make bench installs it from Debian's packages")
    with deployed(
        post_rate=POST_RATE,
        post_burst=POST_BURST,
        app_env={"QUESTION_RATE_LIMIT_COUNT": QUESTION_LIMIT},
    ) as local:
        work = Path(tempfile.mkdtemp(prefix="rinde-bench-hearing-"))
        started_id = int(psql(local, "SELECT coalesce(max(id), 0) FROM questions_question"))
        try:
            return hearing_day(local, work)
        finally:
            time.sleep(5)  # the last steps' posts in flight land first
            # The run's questions go, so the stack's pages (the answers report lists every
            # question) stay as the demo made them for the other benches.
            stack_python(
                local,
                "from rinde.questions.models import Question\n"
                f"Question.objects.filter(pk__gt={started_id}, text={TEXT!r}).delete()",
            )
            shutil.rmtree(work, ignore_errors=True)


def hearing_day(local, work: Path) -> int:
    cookies = viewer_cookies(work)
    cookie, token = live_form(local.URL)
    body = f"csrfmiddlewaretoken={token}&website=&text={urllib.parse.quote_plus(TEXT)}&started="
    department = stack_python(
        local,
        "from rinde.entity.models import Department\n"
        "print(Department.objects.active().order_by('pk').first().pk)",
    )
    triage = Triage(local, department)
    triage.client.login(local)
    print(
        f"== hearing day on deploy-local ({local.URL}): {VIEWERS} viewers polling {FEED} every "
        f"{POLL_SECONDS} s ({VIEWERS / POLL_SECONDS:.0f} requests/s over {VIEWER_CONNECTIONS} "
        f"connections, each viewer with its own csrftoken cookie and ETag), "
        f"{POSTS_PER_SECOND:.0f} question posts/s ({POST_CONNECTIONS} connections), ICT "
        f"triaging one question every {STAFF_EVERY_SECONDS} s, for {DURATION} s"
    )
    print(
        f"one source address: nginx's POST limit raised to {POST_RATE} (burst {POST_BURST}), "
        f"the application's question limit per address to {QUESTION_LIMIT} posts per 10 "
        f"minutes; {load_average()} before the run"
    )
    # Unmeasured: every gunicorn worker and nginx connection set up once.
    run_load(local, work, 0.5, 5, "warm-up", body, cookie, cookies)
    (work / "codes.txt").unlink(missing_ok=True)
    before = int(psql(local, "SELECT count(*) FROM questions_question"))
    triage.start()
    viewer_rate, post_rate, watched, asked = run_load(
        local, work, 1, DURATION, "day", body, cookie, cookies
    )
    triage.stop.set()
    triage.join()
    load = load_average()
    # Posts wrk sent just before its end are still being stored: let them land before
    # counting what was stored without wrk reading the answer.
    time.sleep(5)
    stored = int(psql(local, "SELECT count(*) FROM questions_question")) - before
    codes = [tracking_code(line) for line in (work / "codes.txt").read_text().splitlines()]
    in_database = set(psql(local, "SELECT tracking_code FROM questions_question").split())
    lost = [code for code in codes if code not in in_database]
    repeated = len(codes) - len(set(codes))
    errors = watched["errors"] + watched["socket_errors"] + watched["other"]
    post_errors = asked["errors"] + asked["socket_errors"] + asked["other"]
    print(f"{'':<10}{'target/s':>9}{'done/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'target':>8}  errors")
    print(
        f"{'viewers':<10}{viewer_rate:>9.0f}{watched['rate']:>8.0f}{watched['p50_ms']:>8.1f}"
        f"{watched['p99_ms']:>8.1f}{'< 300':>8}  {errors}  (200: {watched['200']}, 304: "
        f"{watched['304']}, socket errors and 10-s timeouts: {watched['socket_errors']}; "
        f"sent late: {watched['late']})"
    )
    print(
        f"{'posts':<10}{post_rate:>9.0f}{asked['rate']:>8.0f}{asked['p50_ms']:>8.1f}"
        f"{asked['p99_ms']:>8.1f}{'< 300':>8}  {post_errors}  (answers other than 303: "
        f"{asked['other']}, socket errors and 10-s timeouts: {asked['socket_errors']}; "
        f"sent late: {asked['late']})"
    )
    staff_errors = triage.errors
    for name, timings in triage.timings.items():
        timings.sort()
        if timings:
            print(
                f"{'staff ' + name:<18} {len(timings)} requests, median "
                f"{timings[len(timings) // 2]:.0f} ms, slowest {timings[-1]:.0f} ms (information)"
            )
    print(f"staff: {triage.classified} questions classified, {staff_errors} errors")
    print(
        f"questions: {len(codes)} answered 303 with a tracking code, each looked up: "
        f"{len(codes) - len(lost)} found, {len(lost)} lost (target 0), {repeated} repeated "
        f"(target 0); stored, not read by wrk: {stored - len(codes) + len(lost)}"
    )
    print(load)
    day_held = holds(watched, asked) and staff_errors == 0 and not lost and not repeated
    print("the hearing day: " + ("holds" if day_held else "DOES NOT HOLD"))

    # Past the day when it holds; below it when it does not, to say what this machine holds.
    steps = STEPS if day_held else STEPS_DOWN
    print(
        f"\n== {'past' if day_held else 'below'} it: {STEP} s per step, until "
        + (
            f"p99 ≥ {TARGET_P99_MS} ms, an error, or more than {LATE_SHARE:.0%} of requests "
            f"sent over {LATE_MS} ms late"
            if day_held
            else "a step holds (p99 < 300 ms for both, no errors, the schedule kept)"
        )
    )
    print(
        f"{'×':>5}{'viewers':>9}{'polls/s':>9}{'posts/s':>9}{'viewers p99':>13}"
        f"{'posts p99':>11}{'errors':>8}{'late':>7}"
    )
    held = 1.0 if day_held else None
    for factor in steps:
        viewer_rate, post_rate, watched, asked = run_load(
            local, work, factor, STEP, f"step-{factor}", body, cookie, cookies
        )
        ok = holds(watched, asked)
        errors = sum(r["errors"] + r["socket_errors"] + r["other"] for r in (watched, asked))
        print(
            f"{factor:>5}{VIEWERS * factor:>9.0f}{watched['rate']:>9.0f}{asked['rate']:>9.0f}"
            f"{watched['p99_ms']:>13.1f}{asked['p99_ms']:>11.1f}{errors:>8}"
            f"{watched['late'] + asked['late']:>7}  {'holds' if ok else 'crosses'}  "
            f"{load_average()}"
        )
        if day_held and not ok:
            print(
                f"p99 crosses {TARGET_P99_MS} ms (or errors appear) at {VIEWERS * factor:.0f} "
                f"viewers ({viewer_rate:.0f} polls/s) with {post_rate:.0f} posts/s"
            )
            break
        if ok:
            held = max(held or 0, factor)
            if not day_held:
                break
    if held:
        print(
            f"holds at {VIEWERS * held:.0f} viewers ({VIEWERS * held / POLL_SECONDS:.0f} "
            f"polls/s) with {POSTS_PER_SECOND * held:.0f} posts/s"
            + (" (the last step tried)" if held == STEPS[-1] else "")
        )
    else:
        print("no step held")
    return 0 if day_held else 1


if __name__ == "__main__":
    sys.exit(main())
