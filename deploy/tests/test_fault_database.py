"""PostgreSQL restarted while citizens post questions and read pages through deploy-local.

A private cluster (deploy/faults.py; the machine's own PostgreSQL is never touched) is
stopped with `pg_ctl -m fast`, as a restart does, held down for a few seconds and started
again while threads post questions and fetch pages through nginx. Every post's outcome is
checked against the database afterwards, as bench/questions.py checks its tracking codes.
"""

import json
import os
import threading
import time
import uuid

import psycopg
import pytest

from deploy import faults, local

pytestmark = pytest.mark.deploy

ASK = f"/rendicion/{local.DEMO_CURRENT}/preguntas/nueva/"
PAGES = [
    "/",
    f"/rendicion/{local.DEMO_CURRENT}/",
    f"/rendicion/{local.DEMO_CURRENT}/preguntas/",
    f"/rendicion/{local.DEMO_CURRENT}/en-vivo/",
]
POSTERS = 6
READERS = 2
BEFORE, GAP, AFTER = 3.0, 4.0, 5.0  # seconds of load around PostgreSQL's absence


@pytest.fixture(scope="session")
def servers(request):
    if not os.environ.get("RINDE_DEPLOY_TESTS"):
        pytest.skip("through deploy-local's nginx: run `make test-deploy`")
    if reason := faults.missing_tools(postgres=True):
        pytest.skip(reason)
    return faults.shared_servers(request.addfinalizer)


class Poster(threading.Thread):
    """A citizen posting questions one after another, each with its own start token and a
    text that names it; keeps every answer: (marker, status, location, body)."""

    def __init__(self, stack, tokens, stop):
        super().__init__(daemon=True)
        self.session = faults.Session(stack.port)
        self.tokens = tokens
        self.stop_event = stop
        self.answers = []

    def run(self):
        _, _, page = self.session.get(ASK)
        csrf = faults.csrf_token(page)
        while not self.stop_event.is_set() and self.tokens:
            marker = f"prueba-bd-{uuid.uuid4().hex}"
            fields = {
                "csrfmiddlewaretoken": csrf,
                "website": "",
                "text": f"¿Cuándo abren el parque? {marker}",
                "started": self.tokens.pop(),
            }
            status, headers, body = self.session.post_form(ASK, fields)
            self.answers.append((marker, status, headers, body))
        self.session.close()


class Reader(threading.Thread):
    def __init__(self, stack, stop):
        super().__init__(daemon=True)
        self.session = faults.Session(stack.port)
        self.stop_event = stop
        self.answers = []

    def run(self):
        n = 0
        while not self.stop_event.is_set():
            # A new query string each time: a page nginx must ask Django for.
            path = f"{PAGES[n % len(PAGES)]}?lector={uuid.uuid4().hex}"
            status, headers, body = self.session.get(path)
            self.answers.append((path, status, headers, body))
            n += 1
        self.session.close()


def stored_questions(postgres) -> dict[str, str]:
    """Each test question stored: its marker and tracking code, straight from PostgreSQL."""
    with psycopg.connect(postgres.url.replace("postgres://", "postgresql://")) as connection:
        rows = connection.execute(
            "SELECT text, tracking_code FROM questions_question WHERE text LIKE %s",
            ["%prueba-bd-%"],
        ).fetchall()
    return {text.rsplit(" ", 1)[1]: code for text, code in rows}


def test_postgresql_restarted_mid_load_loses_no_accepted_question(servers):
    stack, postgres = servers.stack, servers.postgres
    master, workers = stack.web_pids()
    assert master and len(workers) == 3
    tokens = stack.start_tokens(4000)
    stop = threading.Event()
    posters = [Poster(stack, tokens[n::POSTERS], stop) for n in range(POSTERS)]
    readers = [Reader(stack, stop) for _ in range(READERS)]
    for thread in posters + readers:
        thread.start()
    try:
        time.sleep(BEFORE)
        postgres.stop("fast")
        time.sleep(GAP)
    finally:
        postgres.start()  # the other fault tests share this stack
    time.sleep(AFTER)
    stop.set()
    for thread in posters + readers:
        thread.join(timeout=60)

    posts = [answer for poster in posters for answer in poster.answers]
    pages = [answer for reader in readers for answer in reader.answers]
    post_statuses = {status for _, status, _, _ in posts}
    page_statuses = {status for _, status, _, _ in pages}
    # Accepted (303 to the tracking page) or refused while the database was away (503):
    # never Django's 500, never nginx's 502.
    assert post_statuses <= {303, 503}, post_statuses
    assert page_statuses <= {200, 503}, page_statuses

    unavailable = [a for a in posts + pages if a[1] == 503]
    assert unavailable, "no request met the gap: the restart was not mid-load"
    for _, _, headers, body in unavailable:
        text = body.decode()
        assert "El portal no está disponible en este momento" in text
        assert headers["retry-after"] == "10"
        assert "Traceback" not in text

    stored = stored_questions(postgres)
    accepted = {
        marker: faults.tracking_code(h["location"]) for marker, s, h, _ in posts if s == 303
    }
    refused = {marker for marker, status, _, _ in posts if status == 503}
    # Every 303 names a question that is in the database, under the code it gave.
    lost = {m for m, code in accepted.items() if stored.get(m) != code}
    assert not lost, f"{len(lost)} accepted questions are not in the database"
    # And a post answered 503 was not stored: the person sends it again, once.
    stored_but_refused = refused & stored.keys()
    assert not stored_but_refused
    assert set(stored) == set(accepted)

    # Load before and after the gap was served; the same processes served it all.
    statuses_in_order = [status for _, status, _, _ in posts]
    assert statuses_in_order.count(303) > 0 and 303 in statuses_in_order[-POSTERS * 3 :]
    assert stack.web_pids() == (master, workers), "gunicorn or a worker was restarted"
    session = faults.Session(stack.port)
    assert session.get("/health/")[0] == 200
    assert session.get(f"/?despues={uuid.uuid4().hex}")[0] == 200
    # For the operator's view (not asserted: the task worker's recovery is its own tests'):
    # what readiness says once the database is back.
    ready = json.loads(session.get("/health/ready/")[2])["checks"]
    print(
        f"\nposts: {len(accepted)} accepted (each found), {len(refused)} answered 503; "
        f"pages: {sum(1 for a in pages if a[1] == 200)} served, "
        f"{sum(1 for a in pages if a[1] == 503)} answered 503; readiness after: {ready}"
    )


def read_pages_in_parallel(stack, count: int, threads: int = 6) -> list[int]:
    """`count` reads of the question list (a database query each: a new query string every
    time, so neither nginx nor Django has it cached), over parallel connections so that
    every gunicorn worker answers some."""
    statuses = []

    def read(n):
        session = faults.Session(stack.port)
        for _ in range(n):
            statuses.append(
                session.get(f"/rendicion/{local.DEMO_CURRENT}/preguntas/?r={uuid.uuid4().hex}")[0]
            )
        session.close()

    workers = [threading.Thread(target=read, args=(count // threads,)) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return statuses


def test_a_restart_while_the_site_is_idle_costs_no_request(servers):
    # Each gunicorn worker keeps its connection between requests (CONN_MAX_AGE). After a
    # restart those connections are dead; each is checked before use (CONN_HEALTH_CHECKS)
    # and replaced, so the first reader after the restart gets the page, not a 503.
    stack, postgres = servers.stack, servers.postgres
    assert set(read_pages_in_parallel(stack, 36)) == {200}
    postgres.stop("fast")
    postgres.start()
    assert set(read_pages_in_parallel(stack, 36)) == {200}
