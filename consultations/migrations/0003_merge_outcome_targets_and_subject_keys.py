from django.db import migrations


class Migration(migrations.Migration):
    """Joins two changes made side by side: outcome targets and random subject keys."""

    dependencies = [
        ("consultations", "0002_outcome_targets_from_closing_dates"),
        ("consultations", "0002_response_random_subject_key"),
    ]

    operations = []
