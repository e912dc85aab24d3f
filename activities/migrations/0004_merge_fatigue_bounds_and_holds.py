from django.db import migrations


class Migration(migrations.Migration):
    """Joins three changes made side by side: calibrated fatigue, bounded numbers, consultation holds."""

    dependencies = [
        ("activities", "0003_audience_share_and_calibrated_fatigue"),
        ("activities", "0003_bounded_numbers"),
        ("activities", "0003_consultation_holds_and_standard_baselines"),
    ]

    operations = []
