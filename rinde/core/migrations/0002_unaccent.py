"""PostgreSQL's unaccent extension, for searches that ignore accents (core.search). A
trusted extension since PostgreSQL 13: the database's owner may create it. Nothing on
SQLite, where core.search registers a Python function of the same name."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [UnaccentExtension()]
