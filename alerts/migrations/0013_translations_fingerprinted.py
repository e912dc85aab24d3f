"""An alert's translations carry the fingerprint of the English each was made from (languages.content), like every
other translated text: translations saved before are taken as made from the message's English as it is now, and
as not reviewed."""

import hashlib

from django.db import migrations, models

NAMES = ("subject", "body", "text", "sms_text")


def _fingerprint(english: str) -> str:
    return hashlib.sha256(english.strip().encode()).hexdigest()[:16]


def fingerprint_translations(apps, schema_editor):
    Message = apps.get_model("alerts", "Message")
    for message in Message.objects.exclude(translations={}).iterator():
        changed = False
        for code, entry in list((message.translations or {}).items()):
            if not isinstance(entry, dict) or "_source" in entry:
                continue
            entry["_source"] = {
                name: _fingerprint(getattr(message, name) or "") for name in NAMES if str(entry.get(name) or "").strip()
            }
            entry["_reviewed"] = False
            changed = True
        if changed:
            message.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0012_question_language"),
    ]

    operations = [
        migrations.AlterField(
            model_name="message",
            name="translations",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Translations by language code, each with the English it was made from (languages.content)",
            ),
        ),
        migrations.RunPython(fingerprint_translations, migrations.RunPython.noop),
    ]
