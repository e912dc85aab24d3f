"""Respondents' equality answers get a random subject key held on the response, replacing keys made from the
response id ("consultation-response:<id>") that linked the answers back to a named response."""

import secrets

from django.db import migrations, models

import equality.models


def rekey_equality_answers(apps, schema_editor):  # type: ignore[no-untyped-def]
    Response = apps.get_model("consultations", "Response")
    Subject = apps.get_model("equality", "Subject")
    for pk in Response.objects.values_list("pk", flat=True).iterator():
        key = secrets.token_urlsafe(24)
        Response.objects.filter(pk=pk).update(subject_key=key)
        Subject.objects.filter(key=f"consultation-response:{pk}").update(key=key)
    # Answers whose response no longer exists go, as they would have with the response.
    Subject.objects.filter(key__startswith="consultation-response:").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("equality", "0002_subject_record_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="subject_key",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(rekey_equality_answers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="response",
            name="subject_key",
            field=models.CharField(default=equality.models.new_subject_key, editable=False, max_length=64, unique=True),
        ),
    ]
