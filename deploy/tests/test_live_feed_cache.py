"""The live page's question list behind deploy-local's nginx: what 10,000 viewers of a hearing
poll every 15 s (bench/hearing_day.py) is answered from the micro-cache."""

import http.client
import secrets
import string
import uuid

import pytest

pytestmark = pytest.mark.deploy

FEED = "/rendicion/2023/en-vivo/preguntas/"


def get(deploy_local, path: str, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", deploy_local.PORT, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def viewer() -> dict[str, str]:
    """A viewer's poll: the csrftoken the live page's form gave this browser, htmx's header."""
    token = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    return {"Cookie": f"csrftoken={token}", "HX-Request": "true", "Accept-Encoding": "gzip"}


def fresh() -> str:
    return f"{FEED}?prueba={uuid.uuid4().hex}"


def test_viewers_with_their_own_form_cookie_share_one_cached_list(deploy_local):
    path = fresh()
    first = get(deploy_local, path, viewer())
    second = get(deploy_local, path, viewer())
    assert first[0] == second[0] == 200
    assert first[1]["x-cache-status"] == "MISS"
    assert second[1]["x-cache-status"] == "HIT"
    assert "set-cookie" not in second[1]
    assert second[2] == first[2]


def test_a_viewer_revalidating_gets_304_from_the_cache(deploy_local):
    path = fresh()
    etag = get(deploy_local, path, viewer())[1]["etag"]
    status, headers, body = get(deploy_local, path, {**viewer(), "If-None-Match": etag})
    assert status == 304
    assert headers["x-cache-status"] == "HIT"
    assert body == b""


@pytest.mark.parametrize(
    "credentials", [{"Cookie": "sessionid=abc"}, {"Authorization": "Basic YTpi"}]
)
def test_a_poll_with_a_session_or_credentials_never_comes_from_the_cache(deploy_local, credentials):
    path = fresh()
    get(deploy_local, path, viewer())
    assert get(deploy_local, path, viewer())[1]["x-cache-status"] == "HIT"
    status, headers, _ = get(deploy_local, path, credentials)
    assert status == 200
    assert headers["x-cache-status"] == "BYPASS"


def test_other_pages_still_bypass_the_cache_for_a_form_cookie(deploy_local):
    path = f"/?prueba={uuid.uuid4().hex}"
    get(deploy_local, path)
    assert get(deploy_local, path, viewer())[1]["x-cache-status"] == "BYPASS"
