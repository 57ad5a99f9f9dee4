"""Django's Redis cache with one client per connection pool, and pages served when Redis is
down.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` on every cache call, and
building one (its table of ~170 response callbacks) costs about as much CPU as the GET
itself. A `redis.Redis` over a connection pool is safe to share between threads, and the
pool reconnects after a fork, so one client per pool is enough.

Django's backend raises when Redis does not answer, and every page reads the cache (the
entity, the site version, whole cached pages): Redis stopped meant a 500 on every page.
Here the cache is an optimization, never a dependency: while Redis does not answer, reads
are misses, writes and deletes are dropped, and the pages come from the database. After a
failure the backend does not try Redis again for `RETRY_SECONDS`, so a Redis that hangs
instead of refusing costs one request its timeout, not every cache call of every request.
It logs one WARNING when Redis stops answering and one when it answers again
(docs/deploy-guide.md, "Faults").
"""

import logging
import time

from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

# What a Redis that is down, restarting or unreachable raises (BusyLoadingError, raised
# while it reads its data back after a restart, is a ConnectionError).
UNAVAILABLE = (redis_errors.ConnectionError, redis_errors.TimeoutError)
RETRY_SECONDS = 2.0


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._down_until = 0.0  # time.monotonic(): skip Redis until then
        self._down_since = None  # when the outage began (None: Redis answers)

    # The state of the connection -------------------------------------------------------

    def available(self) -> bool:
        """False while an earlier failure's pause lasts: callers skip Redis altogether."""
        return time.monotonic() >= self._down_until

    def mark_unavailable(self, error: Exception) -> None:
        now = time.monotonic()
        self._down_until = now + RETRY_SECONDS
        if self._down_since is None:
            self._down_since = now
            logger.warning(
                "cache unavailable: pages are served without it",
                extra={"error": type(error).__name__, "retry_seconds": RETRY_SECONDS},
            )

    def _answered(self) -> None:
        if self._down_since is not None:
            logger.warning(
                "cache available again",
                extra={"unavailable_seconds": round(time.monotonic() - self._down_since, 1)},
            )
            self._down_since = None

    def _call(self, method, args, kwargs, fallback):
        """super().<method>(*args, **kwargs), or `fallback()` while Redis does not answer."""
        if not self.available():
            return fallback()
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except UNAVAILABLE as error:
            self.mark_unavailable(error)
            return fallback()
        self._answered()
        return result

    # Each operation, and what it means with no cache: a miss, or nothing kept ------------

    def get(self, key, default=None, version=None):
        return self._call("get", (key, default, version), {}, lambda: default)

    def get_many(self, keys, version=None):
        return self._call("get_many", (keys, version), {}, dict)

    def has_key(self, key, version=None):
        return self._call("has_key", (key, version), {}, lambda: False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", (key, value, timeout, version), {}, lambda: False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", (key, value, timeout, version), {}, lambda: None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that failed to be stored.
        return self._call("set_many", (data, timeout, version), {}, lambda: list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", (key, timeout, version), {}, lambda: False)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", (key, delta, version), {}, lambda: _missing(key))

    def delete(self, key, version=None):
        return self._call("delete", (key, version), {}, lambda: False)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", (keys, version), {}, lambda: None)

    def clear(self):
        return self._call("clear", (), {}, lambda: False)


def _missing(key):
    # What Django's incr raises for a key that is not there, as every key is while the
    # cache is down: callers already handle it (core.public_cache, core.antispam).
    raise ValueError(f"Key '{key}' not found.")
