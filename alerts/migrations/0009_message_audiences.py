# A message's group and consultation were bare integers; they become (kind, id) audiences, one row each.

import django.db.models.deletion
from django.db import migrations, models


def to_audiences(apps, schema_editor):
    Message = apps.get_model("alerts", "Message")
    MessageAudience = apps.get_model("alerts", "MessageAudience")
    rows = []
    for pk, group_id, consultation_id in Message.objects.values_list("pk", "group_id", "consultation_id"):
        if group_id:
            rows.append(MessageAudience(message_id=pk, kind="group", object_id=group_id))
        if consultation_id:
            rows.append(MessageAudience(message_id=pk, kind="consultation", object_id=consultation_id))
    MessageAudience.objects.bulk_create(rows, batch_size=1000)


def from_audiences(apps, schema_editor):
    Message = apps.get_model("alerts", "Message")
    MessageAudience = apps.get_model("alerts", "MessageAudience")
    for audience in MessageAudience.objects.filter(kind__in=["group", "consultation"]).order_by("pk"):
        Message.objects.filter(pk=audience.message_id).update(**{f"{audience.kind}_id": audience.object_id})


class Migration(migrations.Migration):

    dependencies = [
        ('alerts', '0008_delete_smsoutbox'),
    ]

    operations = [
        migrations.CreateModel(
            name='MessageAudience',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40)),
                ('object_id', models.PositiveIntegerField()),
                ('message', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='audiences', to='alerts.message')),
            ],
            options={
                'ordering': ['kind', 'object_id'],
                'constraints': [models.UniqueConstraint(fields=('message', 'kind', 'object_id'), name='alerts_audience_once')],
            },
        ),
        migrations.RunPython(to_audiences, from_audiences),
        migrations.RemoveField(
            model_name='message',
            name='consultation_id',
        ),
        migrations.RemoveField(
            model_name='message',
            name='group_id',
        ),
    ]
