"""Every subject gets a random record key for the cell-key method; existing subjects get one each."""

import secrets

from django.db import migrations, models

import equality.models


def give_existing_subjects_random_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    Subject = apps.get_model("equality", "Subject")
    for pk in Subject.objects.values_list("pk", flat=True).iterator():
        Subject.objects.filter(pk=pk).update(record_key=secrets.randbelow(equality.models.RECORD_KEY_BASE))


class Migration(migrations.Migration):
    dependencies = [
        ("equality", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="subject",
            name="record_key",
            field=models.PositiveSmallIntegerField(default=equality.models.new_record_key, editable=False),
        ),
        migrations.RunPython(give_existing_subjects_random_keys, migrations.RunPython.noop),
    ]
