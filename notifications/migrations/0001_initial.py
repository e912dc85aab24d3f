# The email outbox (core) and the SMS outbox (alerts) move to this app. Their tables keep their names
# (Meta.db_table), so the move changes only Django state: no table is created, copied or dropped and every row
# stays. The content types follow, so audit entries and permissions that name the rows still find them.

import django.core.validators
from django.db import migrations, models


MOVED = [("core", "outboundemail"), ("alerts", "smsoutbox")]


def move_content_types(apps, schema_editor, *, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model in MOVED:
        src, dst = (old_app, "notifications") if forward else ("notifications", old_app)
        if not ContentType.objects.filter(app_label=dst, model=model).exists():
            ContentType.objects.filter(app_label=src, model=model).update(app_label=dst)


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    initial = True
    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0005_merge_0004_model_bounds_0004_outbox_retries'),
        ('alerts', '0007_subscriber_languages_of_the_site'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='SmsOutbox',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reason', models.CharField(blank=True, help_text='What caused it, e.g. feedback.published', max_length=100)),
                    ('status', models.CharField(choices=[('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('unknown', 'Unknown')], db_index=True, default='queued', max_length=10)),
                    ('attempts', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1000)])),
                    ('next_attempt_at', models.DateTimeField(blank=True, db_index=True, help_text='When a queued row is tried (again) at the latest', null=True)),
                    ('claimed_at', models.DateTimeField(blank=True, help_text='When the current attempt started', null=True)),
                    ('error', models.CharField(blank=True, max_length=500)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('sent_at', models.DateTimeField(blank=True, null=True)),
                    ('to', models.CharField(max_length=16)),
                    ('text', models.CharField(max_length=612)),
                    ('reference', models.CharField(blank=True, max_length=120)),
                ],
                options={
                    'verbose_name_plural': 'SMS outbox',
                    'db_table': 'alerts_smsoutbox',
                    'ordering': ['-created_at'],
                    'abstract': False,
                },
            ),
            migrations.CreateModel(
                name='OutboundEmail',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reason', models.CharField(blank=True, help_text='What caused it, e.g. feedback.published', max_length=100)),
                    ('status', models.CharField(choices=[('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('unknown', 'Unknown')], db_index=True, default='queued', max_length=10)),
                    ('attempts', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1000)])),
                    ('next_attempt_at', models.DateTimeField(blank=True, db_index=True, help_text='When a queued row is tried (again) at the latest', null=True)),
                    ('claimed_at', models.DateTimeField(blank=True, help_text='When the current attempt started', null=True)),
                    ('error', models.CharField(blank=True, max_length=500)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('sent_at', models.DateTimeField(blank=True, null=True)),
                    ('to', models.EmailField(max_length=254)),
                    ('subject', models.CharField(max_length=255)),
                    ('text', models.TextField()),
                    ('html', models.TextField(blank=True)),
                    ('headers', models.JSONField(blank=True, default=dict)),
                ],
                options={
                    'db_table': 'core_outboundemail',
                    'ordering': ['-created_at'],
                    'abstract': False,
                    'constraints': [models.CheckConstraint(condition=models.Q(('attempts__isnull', True), models.Q(('attempts__gte', 0), ('attempts__lte', 1000)), _connector='OR'), name='outboundemail_attempts_in_range', violation_error_message='Give a number from 0 to 1,000.')],
                },
            ),
            ],
        ),
        migrations.RunPython(move_content_types, move_back),
    ]
