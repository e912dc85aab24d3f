"""The role guides and packs the service starts with, on every install (not only the demo's)."""

from typing import Any

from django.db import migrations

from practice import guides_content


def add_guides(apps: Any, schema_editor: Any) -> None:
    guides_content.seed(apps)


class Migration(migrations.Migration):
    dependencies = [("practice", "0004_people_who_came")]

    operations = [migrations.RunPython(add_guides, migrations.RunPython.noop)]
