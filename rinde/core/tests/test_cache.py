import pytest
from django.core.cache import caches
from django.test import RequestFactory

from rinde.core import antispam
from rinde.core.cache import RedisCache

TEST_REDIS = "redis://127.0.0.1:6379/11"


def test_the_redis_cache_builds_one_client_per_pool():
    backend = RedisCache(TEST_REDIS, {})
    assert backend._cache.get_client("a") is backend._cache.get_client("b", write=True)


@pytest.fixture
def redis_cache(settings):
    import redis

    settings.CACHES = {
        "default": {
            "BACKEND": "rinde.core.cache.RedisCache",
            "LOCATION": TEST_REDIS,
            "KEY_PREFIX": "rinde-test-ratelimit",
        }
    }
    try:
        redis.Redis.from_url(TEST_REDIS).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at " + TEST_REDIS)
    backend = caches["default"]
    yield backend
    backend.clear()


def test_a_rate_limit_counted_in_redis_refuses_past_the_limit_and_expires(redis_cache):
    factory = RequestFactory()
    one = factory.post("/", REMOTE_ADDR="10.0.0.1")
    other = factory.post("/", REMOTE_ADDR="10.0.0.2")
    results = [antispam.check_rate_limit(one, "t", limit=3, per_seconds=60) for _ in range(4)]
    assert results == [True, True, True, False]
    assert antispam.check_rate_limit(other, "t", limit=3, per_seconds=60)
    # The window opened with the first attempt and closes on its own.
    key = redis_cache.make_and_validate_key("ratelimit:t:10.0.0.1")
    assert 0 < redis_cache._cache.get_client().ttl(key) <= 60
    assert redis_cache.get("ratelimit:t:10.0.0.1") == 4


def test_counting_survives_redis_forgetting_the_script_and_dropping_the_connection(redis_cache):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.4")
    assert antispam.check_rate_limit(request, "t", limit=5, per_seconds=60)
    client = redis_cache._cache.get_client(write=True)
    client.script_flush()  # as after a restart of Redis
    assert antispam.check_rate_limit(request, "t", limit=5, per_seconds=60)
    assert redis_cache.get("ratelimit:t:10.0.0.4") == 2
    client.client_kill_filter(_type="normal", skipme=True)  # every other connection
    assert antispam.check_rate_limit(request, "t", limit=5, per_seconds=60)
    assert redis_cache.get("ratelimit:t:10.0.0.4") == 3
