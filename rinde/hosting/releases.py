"""The release this installation runs, and the migrations it still has to apply.

With row-level tenancy every entity lives in the same tables: a release is applied once
for all of them, by `manage.py migrate` on the server (deploy/). The host's panel shows
what is pending and never runs it: a migration can lock tables for minutes, and it
belongs in the deploy, with its backup, not in a web request."""

import tomllib
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@dataclass(frozen=True)
class Release:
    version: str
    applied: int
    pending: list[str]


def running_version() -> str:
    """The version in pyproject.toml, as deployed with the code."""
    try:
        with (settings.BASE_DIR / "pyproject.toml").open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "?"


def state() -> Release:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _back in plan]
    return Release(
        version=running_version(),
        applied=len(executor.loader.applied_migrations),
        pending=pending,
    )
