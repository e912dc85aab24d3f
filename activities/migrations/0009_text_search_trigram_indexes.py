"""On PostgreSQL, trigram indexes for the register's text search (title or venue containing the words, any case:
`UPPER(col::text) LIKE UPPER('%…%')`, which Django writes for `icontains`): without them a search reads every
activity (2.8 s at 1,000,000). `pg_trgm` is a trusted extension (PostgreSQL 13 and later), so the database's
owner may create it. SQLite has no such index; there the search reads the table, as before."""

from django.db import migrations

INDEXES = (
    ("activities_activity_title_trgm", "title"),
    ("activities_activity_venue_trgm", "venue"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "activities_activity" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_public_page_translations"),
    ]

    operations = [migrations.RunPython(create, drop)]
