"""Give the feedback records of consultations published before outcome targets existed a target: the
closing date plus FEEDBACK_CONSULTATION_TARGET_DAYS (outcomes already published keep no target)."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations


def set_targets(apps, schema_editor):
    Consultation = apps.get_model("consultations", "Consultation")
    FeedbackRecord = apps.get_model("feedback", "FeedbackRecord")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct = ContentType.objects.filter(app_label="consultations", model="consultation").first()
    if ct is None:
        return
    days = int(getattr(settings, "FEEDBACK_CONSULTATION_TARGET_DAYS", 84))
    closes = dict(Consultation.objects.values_list("pk", "closes_at"))
    records = FeedbackRecord.objects.filter(content_type=ct, due_at__isnull=True, did_published_at__isnull=True)
    for record in records:
        closed = closes.get(int(record.object_id)) if record.object_id.isdigit() else None
        if closed is not None:
            record.due_at = closed + timedelta(days=days)
            record.save(update_fields=["due_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("feedback", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(set_targets, migrations.RunPython.noop)]
