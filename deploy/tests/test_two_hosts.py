"""Two app hosts behind one nginx (deploy/two_hosts.py): what one host does, two do alike.

Each host is a network namespace with its own gunicorn and task worker; they share
PostgreSQL and Redis. A request "on host A" goes to A's gunicorn directly, past nginx,
with the X-Forwarded-For nginx would add, so which host serves it is certain; the load and
the failure go through nginx. Runs under RINDE_DEPLOY_TESTS=1 (make test), as root.
"""

import contextlib
import http.client
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from deploy import local, render

pytestmark = pytest.mark.deploy

ASK = f"/rendicion/{local.DEMO_CURRENT}/preguntas/nueva/"
LIST = f"/rendicion/{local.DEMO_CURRENT}/preguntas/"
SITE = "127.0.0.1"  # the Host nginx passes on ($host)


# -- rendering several upstream servers (no stack needed) ----------------------------------


def test_the_upstream_lists_every_app_host_and_one_host_renders_as_before(tmp_path):
    one = render.server_values("r.example.gov.co", "postgres://rinde@db/rinde")
    two = render.server_values(
        "r.example.gov.co",
        "postgres://rinde@db/rinde",
        UPSTREAM_SERVERS=render.upstream_servers(["10.0.0.2:8000", "10.0.0.3:8000"]),
    )
    template = (render.DEPLOY_DIR / "nginx" / "rinde.conf").read_text()
    single = render.fill(template, one, brotli=True)
    double = render.fill(template, two, brotli=True)
    assert "\n    server 127.0.0.1:8000;\n}" in single
    assert "\n    server 10.0.0.2:8000;\n    server 10.0.0.3:8000;\n}" in double
    assert single.replace("server 127.0.0.1:8000;", "") == double.replace(
        "server 10.0.0.2:8000;\n    server 10.0.0.3:8000;", ""
    )


def test_the_command_line_renders_one_server_line_per_app_address(tmp_path, capsys):
    render.main(
        ["--server-name", "r.example.gov.co", "--database-url", "postgres://x@y/z"]
        + ["--app-address", "10.0.0.2:8000", "--app-address", "10.0.0.3:8000"]
        + ["--out", str(tmp_path)]
    )
    site = (tmp_path / "rinde.conf").read_text()
    assert re.findall(r"^    server (\S+);$", site, re.MULTILINE) == [
        "10.0.0.2:8000",
        "10.0.0.3:8000",
    ]


# -- the stack -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_hosts():
    if not os.environ.get("RINDE_DEPLOY_TESTS"):
        pytest.skip("two app hosts behind nginx: run `make test-deploy`")
    if os.geteuid() != 0 or not shutil.which("socat") or not shutil.which("ip"):
        pytest.skip("network namespaces need root, iproute2 and socat")
    from deploy import two_hosts

    two_hosts.start()
    try:
        yield two_hosts
    finally:
        two_hosts.stop()  # namespaces and veths removed even when a test failed


# Run inside the stack's application (root namespace, the same database): a staff member
# with a password and a known TOTP key, and signed form start tokens, each good once.
SETUP = """
import json, os, time
from django_otp.plugins.otp_totp.models import TOTPDevice
from rinde.accounts.models import Role, User
from rinde.core.antispam import sign_start
from rinde.accounts import memberships
from rinde.entity.models import Department, Entity

user, _ = User.objects.get_or_create(
    username="dos-servidores", defaults={"role": Role.ADMIN, "email": "ds@example.org"}
)
user.set_password(os.environ["SETUP_PASSWORD"])
user.save()
# Rights are a membership in the entity (docs/tenancy.md, "Memberships").
memberships.grant(user, Entity.objects.order_by("pk").first(), Role.ADMIN)
TOTPDevice.objects.filter(user=user).delete()
TOTPDevice.objects.create(user=user, name="pruebas", confirmed=True, key=os.environ["SETUP_KEY"])
print(json.dumps({
    "department": Department.objects.active().order_by("pk").first().pk,
    "tokens": [sign_start(time.time() - 60) for _ in range(int(os.environ["SETUP_TOKENS"]))],
}))
"""
# Signed start tokens made at set-up; a quiet machine posted 2,500 before the kill ended.
TOKENS = 10000


@pytest.fixture(scope="module")
def stack(two_hosts):
    password = uuid.uuid4().hex
    key = os.urandom(20).hex()
    shown = subprocess.run(  # noqa: S603 - manage.py with a fixed script
        [str(two_hosts.PYTHON), "manage.py", "shell", "-c", SETUP],
        cwd=two_hosts.ROOT,
        env={
            **two_hosts.environment(),
            "SETUP_PASSWORD": password,
            "SETUP_KEY": key,
            "SETUP_TOKENS": str(TOKENS),
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(shown.strip().splitlines()[-1])
    tokens = iter(data["tokens"])
    return {
        "hosts": two_hosts,
        "password": password,
        "key": key,
        "department": data["department"],
        "token": lambda: next(tokens),
    }


class Browser:
    """One person's cookies, sent to whichever host or nginx each request is addressed to.
    `forwarded_for`: the client address nginx would put in X-Forwarded-For."""

    def __init__(self, forwarded_for: str = "198.51.100.1"):
        self.cookies: dict[str, str] = {}
        self.forwarded_for = forwarded_for

    def request(self, address: str, method: str, path: str, form=None, source=None):
        host, port = address.split(":")
        connection = http.client.HTTPConnection(
            host, int(port), timeout=30, source_address=(source, 0) if source else None
        )
        headers = {"Host": SITE, "X-Forwarded-For": self.forwarded_for}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, cookie_value = value.split(";", 1)[0].split("=", 1)
                self.cookies[cookie_name] = cookie_value
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content

    def csrf(self, address: str, path: str) -> str:
        status, _, page = self.request(address, "GET", path)
        assert status == 200, page[:500]
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


def host(stack, namespace_index: int) -> str:
    return stack["hosts"].app_address(stack["hosts"].NAMESPACES[namespace_index])


def nginx(stack) -> str:
    return f"127.0.0.1:{stack['hosts'].PORT}"


def question(stack, text: str, csrf: str, **extra) -> dict[str, str]:
    return {
        "csrfmiddlewaretoken": csrf,
        "text": text,
        "website": "",
        "started": stack["token"](),
        **extra,
    }


def database(stack):
    import psycopg

    return psycopg.connect(stack["hosts"].DATABASE_URL, autocommit=True)


def code_in(location: str) -> str:
    return re.search(r"/preguntas/([^/]+)/recibida/", location).group(1)


# -- sessions ----------------------------------------------------------------------------------


def totp_code(key: str) -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(key)):06d}"


def log_in(stack, browser: Browser, first: str, second: str) -> None:
    """Password on `first`, the second factor on `second`."""
    csrf = browser.csrf(first, "/panel/ingresar/")
    form = {
        "csrfmiddlewaretoken": csrf,
        "username": "dos-servidores",
        "password": stack["password"],
        "next": "/panel/",
    }
    status, headers, body = browser.request(first, "POST", "/panel/ingresar/", form)
    assert status == 302, body[:500]
    verify = urlsplit(headers["location"])
    assert verify.path == "/panel/verificar/"
    path = f"{verify.path}?{verify.query}"
    form = {"csrfmiddlewaretoken": browser.csrf(second, path), "code": totp_code(stack["key"])}
    status, headers, body = browser.request(second, "POST", path, form)
    assert status == 302, body[:500]
    assert headers["location"] == "/panel/"


@pytest.fixture(scope="module")
def staff(stack):
    """A staff member who gave the password to host A and the second factor to host B.
    Once per module: a TOTP code is good once, and the next comes 30 s later."""
    browser = Browser()
    log_in(stack, browser, first=host(stack, 0), second=host(stack, 1))
    return browser


def test_a_staff_login_begun_on_one_host_is_finished_and_used_on_the_other(stack, staff):
    a, b = host(stack, 0), host(stack, 1)
    for address in (a, b, nginx(stack), nginx(stack)):
        status, headers, body = staff.request(address, "GET", "/panel/preguntas/")
        assert status == 200
        assert b'action="/panel/salir/"' in body  # the staff board, not the login page
        if address == nginx(stack):
            assert headers["x-cache-status"] == "BYPASS"
    # Without the session cookie, either host sends the same request to the login.
    stranger = Browser()
    for address in (a, b):
        status, headers, _ = stranger.request(address, "GET", "/panel/preguntas/")
        assert status == 302
        assert headers["location"].startswith("/panel/ingresar/")


# -- rate limits ---------------------------------------------------------------------------


def test_a_rate_limit_reached_through_host_a_holds_on_host_b(stack):
    a, b = host(stack, 0), host(stack, 1)
    address = f"203.0.113.{uuid.uuid4().int % 250 + 1}"
    person = Browser(forwarded_for=address)
    csrf = person.csrf(a, ASK)
    limit = 10  # settings.QUESTION_RATE_LIMIT: 10 per address in 10 minutes
    for n in range(limit):
        text = f"Límite compartido {uuid.uuid4().hex} número {n}: ¿cuándo abren el parque?"
        status, _, body = person.request(a, "POST", ASK, question(stack, text, csrf))
        assert status == 303, body[:500]
    text = f"Límite compartido {uuid.uuid4().hex}: ¿y la biblioteca?"
    status, _, body = person.request(b, "POST", ASK, question(stack, text, csrf))
    assert status == 400
    assert "Recibimos muchos envíos desde su conexión".encode() in body
    # The same post from another address passes on B: it was the count that refused it.
    person.forwarded_for = "203.0.113.251" if address != "203.0.113.251" else "203.0.113.252"
    status, _, _ = person.request(b, "POST", ASK, question(stack, text, csrf))
    assert status == 303


# -- the worker ----------------------------------------------------------------------------


def test_a_task_enqueued_through_host_a_is_run_once_by_a_worker(stack):
    a = host(stack, 0)
    person = Browser(forwarded_for="198.51.100.20")
    csrf = person.csrf(a, ASK)
    text = f"Tarea {uuid.uuid4().hex}: ¿cuándo publican el informe de gestión?"
    form = question(stack, text, csrf, asker_email="vecina@example.org", data_authorized="on")
    status, headers, body = person.request(a, "POST", ASK, form)
    assert status == 303, body[:500]
    code = code_in(headers["location"])
    with database(stack) as connection:
        (pk,) = connection.execute(
            "SELECT id FROM questions_question WHERE tracking_code = %s", [code]
        ).fetchone()
        deadline = time.monotonic() + 30
        while True:
            rows = connection.execute(
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                "WHERE task_path LIKE %s AND args_kwargs->'args'->>0 = %s",
                ["%send_question_received", str(pk)],
            ).fetchall()
            if rows and rows[0][0] == "SUCCESSFUL" or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert len(rows) == 1
    status, worker_ids = rows[0]
    assert status == "SUCCESSFUL"
    assert set(worker_ids) <= set(stack["hosts"].NAMESPACES)
    # The e-mail (console backend: the worker's log) was written once, by one worker.
    logs = [
        (stack["hosts"].LOG_DIR / f"worker-{namespace}.log").read_text(errors="replace")
        for namespace in stack["hosts"].NAMESPACES
    ]
    assert sum(log.count(f"preguntas/{code}/") for log in logs) >= 1
    assert [code in log for log in logs].count(True) == 1


# -- cache invalidation ----------------------------------------------------------------------


def test_a_publication_on_host_a_shows_on_host_b_at_once_and_through_nginx_within_seconds(
    stack, staff
):
    from rinde.questions.models import PetitionKind

    a, b, front = host(stack, 0), host(stack, 1), nginx(stack)
    person = Browser(forwarded_for="198.51.100.30")
    text = f"Publicación {uuid.uuid4().hex}: ¿qué pasó con el alumbrado?"
    status, headers, _ = person.request(a, "POST", ASK, question(stack, text, person.csrf(a, ASK)))
    assert status == 303
    with database(stack) as connection:
        (pk,) = connection.execute(
            "SELECT id FROM questions_question WHERE tracking_code = %s",
            [code_in(headers["location"])],
        ).fetchone()
    topic = f"Tema {uuid.uuid4().hex[:12]}"

    # The public list, cached: by Django on B (shared Redis) and by nginx's micro-cache.
    reader = Browser()
    for address in (b, b, front, front):
        status, _, page = reader.request(address, "GET", LIST)
        assert status == 200
        assert topic.encode() not in page
    assert reader.request(front, "GET", LIST)[1]["x-cache-status"] == "HIT"
    assert not reader.cookies  # an anonymous reader, whom nginx may serve from its cache

    form = {
        "csrfmiddlewaretoken": staff.cookies["csrftoken"],
        "topic": topic,
        "department": stack["department"],
        "kind": PetitionKind.GENERAL.value,
    }
    status, _, body = staff.request(a, "POST", f"/panel/preguntas/{pk}/classify/", form)
    assert status == 302, body[:500]
    published = time.monotonic()

    status, _, page = reader.request(b, "GET", LIST)
    assert status == 200
    assert topic.encode() in page  # B's cached copy was dropped by A's publication
    while topic.encode() not in reader.request(front, "GET", LIST)[2]:
        # nginx keeps a page MICRO_CACHE (3 s), counted in whole seconds: 3 to 4 s.
        assert time.monotonic() - published < 5.1
        time.sleep(0.2)


# -- one host failing under load -----------------------------------------------------------

LOAD_SECONDS = 12
KILL_AFTER = 4
POSTERS = 6
NGINX_WORKERS = 2  # worker_processes in deploy/nginx/local-nginx.conf


def test_killing_one_host_under_load_loses_no_accepted_question_and_repeats_none(stack):
    """Citizens post through nginx while host A's gunicorn is killed (SIGKILL, no graceful
    exit). Every 303 with a tracking code must be in the database, and no question twice:
    nginx may retry a POST on B only when it never reached A (connection refused), never one
    A may have processed (proxy_next_upstream's default leaves non-idempotent requests)."""
    hosts = stack["hosts"]
    run = uuid.uuid4().hex[:10]
    csrf_browser = Browser()
    csrf = csrf_browser.csrf(nginx(stack), ASK)
    cookie = csrf_browser.cookies["csrftoken"]
    numbers = itertools.count()
    lock = threading.Lock()
    stop = threading.Event()
    results: list[tuple[int, int, str, float]] = []  # (number, status, location, when)
    readers: list[int] = []

    def post() -> None:
        while not stop.is_set():
            with lock:
                n = next(numbers)
                try:
                    form = question(
                        stack, f"Carga {run} número {n}: ¿cuándo arreglan la vía?", csrf
                    )
                except StopIteration:  # every token spent: the load ends here
                    stop.set()
                    return
            # A source address per post, as people on their own phones: neither nginx's
            # nor the application's per-address limits are what is tested here.
            person = Browser()
            person.cookies["csrftoken"] = cookie
            source = f"127.1.{n // 250}.{n % 250 + 1}"
            try:
                status, headers, _ = person.request(nginx(stack), "POST", ASK, form, source)
            except OSError:
                status, headers = 0, {}
            with lock:
                results.append((n, status, headers.get("location", ""), time.monotonic()))

    def read() -> None:
        # A logged-in reader is never served from nginx's cache: every GET reaches a host.
        reader = Browser()
        reader.cookies["sessionid"] = "ninguna"
        while not stop.is_set():
            try:
                status = reader.request(nginx(stack), "GET", LIST)[0]
            except OSError:
                status = 0
            readers.append(status)

    threads = [threading.Thread(target=post) for _ in range(POSTERS)]
    threads.append(threading.Thread(target=read))
    began = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(KILL_AFTER)
        hosts.kill_host(hosts.NAMESPACES[0])
        killed = time.monotonic()
        time.sleep(LOAD_SECONDS - KILL_AFTER)
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
        hosts.start_web(hosts.NAMESPACES[0])  # back for whatever runs next
        hosts.wait_until_healthy()

    accepted = {n: code_in(location) for n, status, location, _ in results if status == 303}
    statuses = Counter(status for _, status, _, _ in results)
    with database(stack) as connection:
        stored = connection.execute(
            "SELECT text, tracking_code FROM questions_question WHERE text LIKE %s",
            [f"Carga {run} número %"],
        ).fetchall()
    by_number = Counter(int(text.split("número ")[1].split(":")[0]) for text, _ in stored)
    codes = {code for _, code in stored}
    after_kill = [n for n, status, _, when in results if status == 303 and when > killed + 1]
    print(
        f"\ntwo hosts, host A killed after {killed - began:.1f} s of {LOAD_SECONDS} s: "
        f"{len(results)} posts, {dict(statuses)}; {len(stored)} stored; "
        f"{len(after_kill)} accepted more than 1 s after the kill; "
        f"readers {dict(Counter(readers))}"
    )
    assert len(accepted) > 50
    assert set(accepted.values()) <= codes  # every accepted question is stored
    assert all(count == 1 for count in by_number.values())  # none stored twice
    assert set(accepted) <= set(by_number)
    assert after_kill  # B took the posts on
    # Only posts that were on their way to A when it died may fail, and they fail as
    # nginx's Spanish 502 page, never as an accepted question that is not stored. Each of
    # nginx's worker processes learns on its own that A is gone (max_fails=1), so besides
    # the posts in flight each worker may send one more to A: a failure is allowed only
    # in the moments after the kill, never once the workers have left A out.
    assert set(statuses) <= {303, 502}
    assert statuses[502] <= POSTERS + NGINX_WORKERS
    failed_at = [when for _, status, _, when in results if status == 502]
    assert all(when < killed + 3 for when in failed_at), [round(w - killed, 2) for w in failed_at]
    access = Path(hosts.LOG_DIR / hosts.NAMESPACES[0] / "gunicorn-access.log").read_text()
    assert f"POST {ASK}" in access  # A served posts before it failed


class AnswerEater:
    """Between nginx and host A: passes each request on to A and keeps A's answer back.
    `fail()` closes the connections nginx opened: host A failing after it processed a
    request and before its answer got out, the case that a kill cannot hit on purpose."""

    def __init__(self, target: str):
        self.target = target.split(":")[0], int(target.split(":")[1])
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.listener.getsockname()[1]}"
        self.received = threading.Event()
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            threading.Thread(target=self.pass_on, args=(client, upstream), daemon=True).start()

    def pass_on(self, client: socket.socket, upstream: socket.socket) -> None:
        try:
            while data := client.recv(65536):
                upstream.sendall(data)
                self.received.set()
        except OSError:
            pass

    def fail(self) -> None:
        for connection in self.sockets:
            # shutdown sends the FIN now; close alone waits for pass_on's recv to return.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def close(self) -> None:
        self.listener.close()
        self.fail()


def test_a_post_host_a_processed_but_never_answered_is_not_sent_again_to_host_b(stack):
    hosts = stack["hosts"]
    a, b = host(stack, 0), host(stack, 1)
    eater = AnswerEater(a)
    hosts.reload_nginx([eater.address, b])
    try:
        person = Browser(forwarded_for="198.51.100.40")
        csrf = person.csrf(b, ASK)
        # Round robin: one of the first posts goes through the eater to A.
        for attempt in range(6):
            text = f"Sin respuesta {uuid.uuid4().hex} intento {attempt}: ¿y el acueducto?"
            answers = []
            form = question(stack, text, csrf)
            sender = threading.Thread(
                target=lambda form=form, answers=answers: answers.append(
                    person.request(nginx(stack), "POST", ASK, form)
                )
            )
            sender.start()
            sender.join(2)
            if not answers and eater.received.is_set():
                break
        else:
            pytest.fail("no post went through host A")
        with database(stack) as connection:
            deadline = time.monotonic() + 15
            while not connection.execute(
                "SELECT count(*) FROM questions_question WHERE text = %s", [text]
            ).fetchone()[0]:
                assert time.monotonic() < deadline, "host A did not store the question"
                time.sleep(0.1)
            eater.fail()
            sender.join(30)
            stored = connection.execute(
                "SELECT count(*) FROM questions_question WHERE text = %s", [text]
            ).fetchone()[0]
        status, _, body = answers[0]
        # nginx's Spanish 502 page: it did not resend the post to B, whose answer would
        # have been the single-use token's refusal (400) or, for a post without one, a
        # second copy.
        assert status == 502
        assert "El portal no está disponible en este momento".encode() in body
        assert stored == 1
    finally:
        eater.close()
        hosts.reload_nginx()
