from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
        ('core', '0005_merge_0004_model_bounds_0004_outbox_retries'),
    ]

    operations = [
        # The table stays: it is `notifications.OutboundEmail` now (notifications/migrations/0001_initial.py).
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='OutboundEmail')],
        ),
    ]
