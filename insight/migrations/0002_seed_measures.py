"""The survey's published headline measures (their wording), so an import works on a new site."""

from typing import Any

from django.db import migrations

from insight.measures import seed_measures


def seed(apps: Any, schema_editor: Any) -> None:
    seed_measures(apps.get_model("insight", "Measure"))


class Migration(migrations.Migration):
    dependencies = [("insight", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
