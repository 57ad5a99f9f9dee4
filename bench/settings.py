"""Benchmark settings: production-like (DEBUG off) plus one trivial view as the reference."""

from rinde.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
