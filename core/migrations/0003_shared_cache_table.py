"""The cache table every web process shares when no Redis is configured (settings.CACHES)."""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    # Creates the table of each DatabaseCache in settings.CACHES; does nothing for Redis. Idempotent.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_outbox_notifications")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
