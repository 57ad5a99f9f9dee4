"""The reference deployment's nginx, checked through `make deploy-local` (make test-deploy)."""

import http.client
import json
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.deploy


def request(deploy_local, method: str, path: str, headers=None, body=None):
    """(status, headers with lower-case names, body): 4xx and 5xx are answers here too."""
    connection = http.client.HTTPConnection("127.0.0.1", deploy_local.PORT, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def fresh(path: str) -> str:
    """`path` under a query string no earlier run has put in the micro-cache."""
    return f"{path}?prueba={uuid.uuid4().hex}"


def test_an_anonymous_public_page_is_served_from_the_micro_cache_on_the_second_get(
    deploy_local,
):
    path = fresh("/")
    first = request(deploy_local, "GET", path)
    second = request(deploy_local, "GET", path)
    assert first[0] == second[0] == 200
    assert first[1]["x-cache-status"] == "MISS"
    assert second[1]["x-cache-status"] == "HIT"
    assert second[2] == first[2]


@pytest.mark.parametrize(
    "credentials",
    [
        {"Cookie": "sessionid=abc"},
        {"Cookie": "csrftoken=abc"},
        {"Cookie": "otra=1; sessionid=abc"},
        {"Authorization": "Basic YTpi"},
    ],
)
def test_it_never_answers_a_request_with_a_session_or_form_cookie_from_the_micro_cache(
    deploy_local, credentials
):
    path = fresh("/")
    request(deploy_local, "GET", path)
    assert request(deploy_local, "GET", path)[1]["x-cache-status"] == "HIT"
    status, headers, _ = request(deploy_local, "GET", path, headers=credentials)
    assert status == 200
    assert headers["x-cache-status"] == "BYPASS"


def test_a_page_fetched_with_a_session_cookie_is_not_stored_for_anonymous_readers(
    deploy_local,
):
    path = fresh("/")
    request(deploy_local, "GET", path, headers={"Cookie": "sessionid=abc"})
    assert request(deploy_local, "GET", path)[1]["x-cache-status"] == "MISS"


# nginx counts whole seconds: a page kept "3s" is fresh for 3 to 4 seconds.
PAST_FRESHNESS = 5.1


def test_a_cached_page_is_fetched_again_within_seconds(deploy_local):
    # How long a publication can take to reach anonymous readers through nginx: the first
    # reader after expiry gets the last copy (STALE) while nginx fetches the page again.
    path = fresh("/")
    request(deploy_local, "GET", path)
    assert request(deploy_local, "GET", path)[1]["x-cache-status"] == "HIT"
    time.sleep(PAST_FRESHNESS)
    assert request(deploy_local, "GET", path)[1]["x-cache-status"] in {
        "STALE",
        "EXPIRED",
        "UPDATING",
    }


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_pages_are_compressed(deploy_local, encoding):
    if encoding == "br" and not deploy_local.render.brotli_installed():
        pytest.skip("libnginx-mod-http-brotli-filter is not installed")
    status, headers, _ = request(deploy_local, "GET", "/", headers={"Accept-Encoding": encoding})
    assert status == 200
    assert headers["content-encoding"] == encoding


def test_the_staff_login_page_is_never_cached(deploy_local):
    for _ in range(3):
        status, headers, body = request(deploy_local, "GET", "/panel/ingresar/")
        assert status == 200
        assert headers["x-cache-status"] != "HIT"
        assert "no-store" in headers["cache-control"]
        assert b"csrfmiddlewaretoken" in body


def test_the_health_check_is_never_cached(deploy_local):
    request(deploy_local, "GET", "/health/")
    status, headers, _ = request(deploy_local, "GET", "/health/")
    assert status == 200
    assert headers["x-cache-status"] != "HIT"


@pytest.fixture
def media_dir(deploy_local):
    folder = deploy_local.VAR_DIR / "media" / "pruebas-despliegue"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_each_answer_carries_nginxs_request_id_and_logs_are_json(deploy_local):
    status, headers, _ = request(deploy_local, "GET", fresh("/panel/ingresar/"))
    assert status == 200
    request_id = headers["x-request-id"]
    assert len(request_id) == 32  # nginx's $request_id, kept by Rinde behind its one proxy
    assert deploy_local.environment()["LOG_FORMAT"] == "json"


def test_metrics_add_up_the_gunicorn_workers_and_answer_this_host(deploy_local):
    # Through nginx from this host: Rinde reads the address nginx appended (127.0.0.1).
    for _ in range(12):  # enough requests to reach more than one of the workers
        request(deploy_local, "GET", fresh("/panel/ingresar/"))
    status, _, body = request(deploy_local, "GET", "/metrics")
    assert status == 200
    counts = [
        line
        for line in body.decode().splitlines()
        if line.startswith("rinde_http_request_duration_seconds_count")
        and 'view="accounts:login"' in line
    ]
    assert counts and sum(float(line.rsplit(" ", 1)[1]) for line in counts) >= 12
    # Multi-process mode: samples are files, one per worker that answered.
    assert list((deploy_local.RUN_DIR / "metrics").glob("histogram_*.db"))


@pytest.mark.parametrize(
    ("name", "content", "content_type", "disposition"),
    [
        ("informe.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf", "attachment"),
        ("foto.png", b"\x89PNG\r\n\x1a\n", "image/png", "inline"),
        ("foto.JPG", b"\xff\xd8\xff\xe0", "image/jpeg", "inline"),
        ("pagina.html", b"<script>alert(1)</script>", "application/octet-stream", "attachment"),
        ("dibujo.svg", b"<svg onload='alert(1)'/>", "application/octet-stream", "attachment"),
        ("sin-extension", b"<html>", "application/octet-stream", "attachment"),
    ],
)
def test_uploaded_files_are_served_inert_with_a_type_from_their_extension(
    deploy_local, media_dir, name, content, content_type, disposition
):
    (media_dir / name).write_bytes(content)
    status, headers, body = request(deploy_local, "GET", f"/media/pruebas-despliegue/{name}")
    assert status == 200
    assert body == content
    assert headers["content-type"] == content_type
    assert headers["content-disposition"] == disposition
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == "default-src 'none'; img-src 'self'; sandbox"
    assert "max-age=2592000" in headers["cache-control"]


def test_a_missing_upload_gets_a_spanish_404_with_the_protective_headers(deploy_local):
    status, headers, body = request(deploy_local, "GET", "/media/no-existe.html")
    assert status == 404
    assert headers["x-content-type-options"] == "nosniff"
    assert "Página no encontrada".encode() in body


def test_a_private_file_is_not_reachable_at_its_internal_address(deploy_local):
    private = deploy_local.VAR_DIR / "private" / "pruebas-despliegue"
    private.mkdir(parents=True, exist_ok=True)
    (private / "borrador.pdf").write_bytes(b"%PDF-1.4 borrador confidencial")
    for path in ("/_privado/pruebas-despliegue/borrador.pdf", "/_privado/../private/"):
        status, _, body = request(deploy_local, "GET", path)
        assert status == 404
        assert b"confidencial" not in body


def test_static_files_with_a_content_hash_are_cached_for_a_year_and_compressed(deploy_local):
    _, _, page = request(deploy_local, "GET", "/")
    css = page.split(b'href="/static/', 1)[1].split(b'"', 1)[0].decode()
    status, headers, _ = request(
        deploy_local, "GET", f"/static/{css}", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] == "gzip"


def test_a_body_over_60_mb_is_refused_by_nginx_before_it_is_sent(deploy_local):
    # Only the headers go out: had nginx passed the request on, it would wait for the body
    # (it buffers it before calling gunicorn) and this would time out instead.
    with socket.create_connection(("127.0.0.1", deploy_local.PORT), timeout=10) as connection:
        connection.sendall(
            b"POST /panel/ingresar/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/octet-stream\r\n"
            + f"Content-Length: {60 * 1024 * 1024 + 1}\r\n\r\n".encode()
        )
        answer = b""
        while b"</html>" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert "El portal recibe hasta 60 MB por envío".encode() in answer


def test_a_body_of_60_mb_is_let_through_to_the_application(deploy_local):
    status, headers, _ = request(
        deploy_local,
        "POST",
        "/panel/ingresar/",
        headers={"Content-Type": "application/octet-stream"},
        body=b"x" * (60 * 1024 * 1024),
    )
    # Django answers (its CSRF refusal, with its security policy): nginx let the size pass.
    assert status == 403
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_flood_of_posts_from_one_address_is_cut_with_a_spanish_429(deploy_local):
    statuses = []
    for _ in range(int(deploy_local.POST_BURST) + 20):
        status, _, body = request(deploy_local, "POST", "/panel/ingresar/", body=b"")
        statuses.append(status)
        if status == 429:
            break
    assert statuses[0] == 403  # Django's CSRF refusal: the first posts reach the application
    assert statuses[-1] == 429
    assert "Demasiados envíos seguidos".encode() in body


# Run inside deploy-local's application (its database): a staff session with the second
# factor verified, and the address and bytes of a private evidence file from the demo.
STAFF_SESSION = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rinde.accounts import memberships
from rinde.accounts.models import Role, User
from rinde.entity.models import Entity
from rinde.plan.models import Evidence

user, _ = User.objects.get_or_create(
    username="pruebas-despliegue", defaults={"role": Role.ADMIN, "email": "pd@example.org"}
)
# Rights are a membership in the entity (docs/tenancy.md, "Memberships").
memberships.grant(user, Entity.objects.order_by("pk").first(), Role.ADMIN)
device, _ = TOTPDevice.objects.get_or_create(user=user, name="pruebas", confirmed=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.create()
evidence = Evidence.objects.exclude(file="").order_by("pk").first()
print(json.dumps({
    "session": session.session_key,
    "url": reverse("plan:staff_evidence_file", args=[evidence.report_id, evidence.pk]),
    "path": evidence.file.path,
}))
"""


def test_a_staff_view_hands_out_a_private_file_through_nginx(deploy_local):
    shown = subprocess.run(  # noqa: S603 - manage.py with a fixed script
        [str(deploy_local.PYTHON), "manage.py", "shell", "-c", STAFF_SESSION],
        cwd=deploy_local.ROOT,
        env=deploy_local.environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    staff = json.loads(shown.strip().splitlines()[-1])
    cookie = {"Cookie": f"sessionid={staff['session']}"}
    for _ in range(2):
        status, headers, body = request(deploy_local, "GET", staff["url"], headers=cookie)
        assert status == 200
        assert body == Path(staff["path"]).read_bytes()  # sent by nginx from /_privado/
        assert "x-accel-redirect" not in headers
        # Never cached: Django's `private, no-store` (repeated by the internal location).
        assert headers["cache-control"] == "private, no-store"
        assert headers["content-disposition"].startswith(("attachment", "inline"))
        assert headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in headers["content-security-policy"]
    # nginx sent the bytes (Django's FileResponse ignores ranges): a part is a 206.
    status, _, body = request(
        deploy_local, "GET", staff["url"], headers={**cookie, "Range": "bytes=0-3"}
    )
    assert status == 206
    assert body == Path(staff["path"]).read_bytes()[:4]
    # The same address without the session: the staff login, never the file.
    status, headers, _ = request(deploy_local, "GET", staff["url"])
    assert status == 302
    assert "/panel/ingresar/" in headers["location"]


def test_while_the_application_is_down_readers_get_the_last_copy_or_a_spanish_page(
    deploy_local,
):
    cached = fresh("/")
    request(deploy_local, "GET", cached)
    deploy_local.stop_process("web")
    try:
        time.sleep(PAST_FRESHNESS)
        status, headers, _ = request(deploy_local, "GET", cached)
        assert status == 200
        assert headers["x-cache-status"] == "STALE"
        status, _, body = request(deploy_local, "GET", fresh("/"))
        assert status == 502
        assert "El portal no está disponible en este momento".encode() in body
        status, _, body = request(deploy_local, "GET", "/", headers={"Cookie": "sessionid=x"})
        assert status == 502
    finally:
        deploy_local.start_web()
        deploy_local.wait_until_healthy()
