"""Redis stopped while citizens post questions and read pages through deploy-local.

The stack's private redis-server (deploy/faults.py; the machine's own Redis is never
touched) is killed for a few seconds and started again, empty, as after a crash. Pages are
served from the database meanwhile (core.cache), question posts are accepted without their
per-address count (core.antispam fails open and says so in the log), and once Redis is
back the same processes use it again.
"""

import json
import os
import threading
import time
import uuid

import psycopg
import pytest
import redis

from deploy import faults, local

pytestmark = pytest.mark.deploy

ASK = f"/rendicion/{local.DEMO_CURRENT}/preguntas/nueva/"
PAGES = [
    "/",
    f"/rendicion/{local.DEMO_CURRENT}/",
    f"/rendicion/{local.DEMO_CURRENT}/preguntas/",
    f"/rendicion/{local.DEMO_CURRENT}/en-vivo/",
]
BEFORE, DOWN, AFTER = 2.0, 4.0, 4.0


@pytest.fixture(scope="session")
def servers(request):
    if not os.environ.get("RINDE_DEPLOY_TESTS"):
        pytest.skip("through deploy-local's nginx: run `make test-deploy`")
    if reason := faults.missing_tools(postgres=True):
        pytest.skip(reason)
    return faults.shared_servers(request.addfinalizer)


def load(stack, tokens, stop, answers):
    """Alternately post a question (a text that names it) and read a page nginx must ask
    Django for; every answer kept as (kind, marker or path, status, headers, body)."""
    session = faults.Session(stack.port)
    csrf = faults.csrf_token(session.get(ASK)[2])
    n = 0
    while not stop.is_set() and tokens:
        marker = f"prueba-redis-{uuid.uuid4().hex}"
        fields = {
            "csrfmiddlewaretoken": csrf,
            "website": "",
            "text": f"¿Y la biblioteca? {marker}",
            "started": tokens.pop(),
        }
        answers.append(("post", marker, *session.post_form(ASK, fields)))
        path = f"{PAGES[n % len(PAGES)]}?lector={uuid.uuid4().hex}"
        answers.append(("page", path, *session.get(path)))
        n += 1
    session.close()


def readiness(stack) -> dict:
    status, _, body = faults.Session(stack.port).get("/health/ready/")
    return json.loads(body)["checks"]


def log_lines_since(path, offset: int) -> list[dict]:
    with open(path, "rb") as log:
        log.seek(offset)
        lines = log.read().decode(errors="replace").splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


def test_redis_down_pages_served_posts_accepted_and_it_recovers(servers):
    stack, server = servers.stack, servers.redis
    web_log = stack.dir / "log" / "web.log"
    log_offset = web_log.stat().st_size
    master, workers = stack.web_pids()
    tokens = stack.start_tokens(3000)
    stop = threading.Event()
    answers = [[] for _ in range(4)]
    threads = [
        threading.Thread(target=load, args=(stack, tokens[n::4], stop, answers[n]), daemon=True)
        for n in range(4)
    ]
    for thread in threads:
        thread.start()
    try:
        time.sleep(BEFORE)
        server.stop()
        time.sleep(DOWN / 2)
        during = readiness(stack)
        time.sleep(DOWN / 2)
    finally:
        server.start()  # empty: it kept nothing on disk
    time.sleep(AFTER)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    answers = [answer for thread_answers in answers for answer in thread_answers]

    posts = [a for a in answers if a[0] == "post"]
    pages = [a for a in answers if a[0] == "page"]
    assert {a[2] for a in posts} == {303}, {a[2] for a in posts}
    assert {a[2] for a in pages} == {200}, {a[2] for a in pages}

    # Nothing lost: every tracking code answered is stored under its question.
    with psycopg.connect(servers.postgres.url.replace("postgres://", "postgresql://")) as db:
        rows = db.execute(
            "SELECT text, tracking_code FROM questions_question WHERE text LIKE %s",
            ["%prueba-redis-%"],
        ).fetchall()
    stored = {text.rsplit(" ", 1)[1]: code for text, code in rows}
    accepted = {a[1]: faults.tracking_code(a[3]["location"]) for a in posts}
    assert stored == accepted

    # The operator is told: readiness said the cache was down, the log said why.
    assert during["cache"]["ok"] is False and during["database"]["ok"] is True
    records = log_lines_since(web_log, log_offset)
    messages = {(r.get("level"), r.get("message", "").split(":")[0]) for r in records}
    assert ("WARNING", "rate limit unavailable") in messages
    assert ("WARNING", "cache unavailable") in messages
    assert ("WARNING", "cache available again") in messages

    # Redis back, without restarting anything: the cache and the rate limits use it again.
    assert stack.web_pids() == (master, workers)
    assert readiness(stack)["cache"]["ok"] is True
    client = redis.Redis.from_url(server.url)
    assert list(client.scan_iter("*ratelimit:ask:*")), "posts are counted again"
    assert list(client.scan_iter("*public:version*")), "pages are cached again"
    print(f"\nposts accepted: {len(posts)} (each found); pages served: {len(pages)}")
