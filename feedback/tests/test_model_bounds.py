"""'You said' counts and texts are held to their bounds by the model and the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core import bounds
from feedback import services
from feedback.models import FeedbackEntry, FeedbackRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(ward, officer):
    return services.ensure_record(subject=ward, by=officer, title="Knife crime meeting", asked="?", wards=[ward])


def test_the_database_refuses_a_huge_count(record):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackRecord.objects.filter(pk=record.pk).update(said_count=bounds.MAX_COUNT + 1)


def test_full_clean_refuses_a_huge_count_and_a_date_outside_the_century(record):
    entry = FeedbackEntry(record=record, kind="said", text="Forty", count=bounds.MAX_COUNT + 1)
    entry.happened_on = bounds.EARLIEST_DATE.replace(year=1999)
    with pytest.raises(ValidationError) as raised:
        entry.full_clean()
    assert {"count", "happened_on"} <= set(raised.value.message_dict)


def test_the_update_form_refuses_a_huge_count_with_a_400(client, record, officer):
    client.force_login(officer)
    response = client.post(
        reverse("feedback:add_entry", args=[record.pk]), {"kind": "said", "text": "Many", "count": str(10**12)}
    )
    assert response.status_code == 400
    assert not FeedbackEntry.objects.exists()
