from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
        ('alerts', '0007_subscriber_languages_of_the_site'),
    ]

    operations = [
        # The table stays: it is `notifications.SmsOutbox` now (notifications/migrations/0001_initial.py).
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='SmsOutbox')],
        ),
    ]
