"""Benchmark settings: production-like (DEBUG off) plus one trivial view as the reference."""

from rinde.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

import os  # noqa: E402

if os.environ.get("RINDE_BENCH_NO_RATE_LIMIT"):
    # The load comes from one address; the anti-spam rate limit would refuse it by design.
    # Only the threshold moves: each post is still counted in the cache as in production,
    # and the honeypot, the signed start time and CSRF are checked as usual.
    QUESTION_RATE_LIMIT = (10**9, 60)

# review16: the API's per-address limit (120 a minute) would answer wrk's load from one
# address with 429s; the count is still kept in the cache, as in production.
API_RATE_LIMIT = (10**9, 60)
