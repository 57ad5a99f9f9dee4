"""Redis down: the cache is a miss, rate limits let posts through and say so, and Redis
coming back is used again without a restart. Through deploy-local:
deploy/tests/test_fault_redis.py."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from rinde.core import antispam
from rinde.core import cache as cache_module
from rinde.core.antispam import sign_start
from rinde.core.cache import RedisCache
from rinde.exercises.tests.factories import make_exercise
from rinde.questions.models import Question

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def backend_at(port: int) -> RedisCache:
    return RedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"KEY_PREFIX": "rinde-test-down", "OPTIONS": {"socket_connect_timeout": 1}},
    )


class PrivateRedis:
    """A redis-server of this test's own, without persistence, to stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis():
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh_warnings(monkeypatch):
    monkeypatch.setattr(antispam, "_uncounted", {"since_warning": 0, "warned_at": None})


def warnings_saying(caplog, text):
    return [r for r in caplog.records if r.levelno == logging.WARNING and text in r.message]


def test_with_redis_down_reads_miss_writes_are_dropped_and_it_is_said_once(caplog):
    backend = backend_at(free_port())  # nothing listens there
    caplog.set_level(logging.WARNING)
    assert backend.get("a", "por defecto") == "por defecto"
    backend.set("a", 1)
    assert backend.add("a", 1) is False
    assert backend.get_many(["a", "b"]) == {}
    assert backend.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert backend.get_or_set("c", 7) == 7
    assert backend.has_key("a") is False
    backend.delete("a")
    backend.delete_many(["a", "b"])
    with pytest.raises(ValueError):  # as for a missing key: callers handle it
        backend.incr("contador")
    assert len(warnings_saying(caplog, "cache unavailable")) == 1


def test_while_it_waits_to_retry_it_does_not_ask_redis(monkeypatch):
    backend = backend_at(free_port())
    backend.get("a")
    asked = []
    monkeypatch.setattr(
        cache_module.RedisCacheClient, "get", lambda *args: asked.append(args), raising=True
    )
    backend.get("a")
    backend.get("b")
    assert asked == []
    assert not backend.available()


def test_redis_back_is_used_again_without_a_restart(private_redis, monkeypatch, caplog):
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 0.1)
    caplog.set_level(logging.WARNING)
    backend = backend_at(private_redis.port)
    backend.set("a", "uno")
    assert backend.get("a") == "uno"
    private_redis.stop()
    assert backend.get("a") is None
    private_redis.start()  # without persistence: it comes back empty
    time.sleep(0.2)
    backend.set("a", "dos")
    assert backend.get("a") == "dos"
    assert len(warnings_saying(caplog, "cache unavailable")) == 1
    assert len(warnings_saying(caplog, "cache available again")) == 1


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "rinde.core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "KEY_PREFIX": "rinde-test-down",
        }
    }
    return caches["default"]


def test_a_rate_limit_lets_posts_through_and_warns_when_redis_is_down(
    redis_down, fresh_warnings, caplog
):
    caplog.set_level(logging.WARNING)
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
    allowed = [antispam.check_rate_limit(request, "t", limit=3, per_seconds=60) for _ in range(6)]
    assert allowed == [True] * 6
    # Once a minute per process, with how many went uncounted since it last said so.
    [warning] = warnings_saying(caplog, "rate limit unavailable")
    assert warning.scope == "t"


def test_a_rate_limit_counts_again_when_redis_returns(
    private_redis, settings, monkeypatch, fresh_warnings
):
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 0.1)
    settings.CACHES = {
        "default": {
            "BACKEND": "rinde.core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{private_redis.port}/0",
            "KEY_PREFIX": "rinde-test-down",
        }
    }
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.10")
    private_redis.stop()
    assert antispam.check_rate_limit(request, "t", limit=1, per_seconds=60)
    private_redis.start()
    time.sleep(0.2)
    assert [antispam.check_rate_limit(request, "t", limit=1, per_seconds=60) for _ in "ab"] == [
        True,
        False,
    ]


@pytest.mark.django_db
def test_pages_are_served_and_questions_stored_with_redis_down(redis_down, client, entity):
    make_exercise()
    assert client.get("/").status_code == 200
    assert client.get("/rendicion/2023/preguntas/nueva/").status_code == 200
    response = client.post(
        "/rendicion/2023/preguntas/nueva/",
        {"text": "¿Y el parque?", "website": "", "started": sign_start(time.time() - 30)},
    )
    assert response.status_code == 303
    assert Question.objects.filter(text="¿Y el parque?").exists()
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_staff_stay_logged_in_with_redis_down(redis_down, staff_client, planning_user):
    # Sessions live in the database (SESSION_ENGINE): a cache-only session store would log
    # everyone out, and refuse every login, while Redis is away.
    client = staff_client(planning_user)
    response = client.get("/panel/")
    assert response.status_code == 200
    assert response.wsgi_request.user == planning_user
