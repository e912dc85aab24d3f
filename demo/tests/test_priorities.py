import io

import pytest

from demo import feedback as feedback_demo
from demo import priorities as demo
from feedback.models import FeedbackEntry, FeedbackRecord
from languages import content
from priorities.models import Priority

pytestmark = pytest.mark.django_db


def test_demo_loaders_are_idempotent_and_give_every_ward_three_priorities(ward, other_ward):
    demo.load(io.StringIO())
    feedback_demo.load(io.StringIO())
    count = Priority.objects.count()
    demo.load(io.StringIO())
    feedback_demo.load(io.StringIO())
    assert Priority.objects.count() == count
    assert Priority.objects.filter(ward=ward, status="current").count() == 3
    assert Priority.objects.filter(ward=other_ward, status="closed").count() == 2
    assert FeedbackRecord.objects.filter(wards=ward, did_published_at__isnull=False).exists()
    assert FeedbackEntry.objects.filter(record__wards=ward, kind="did").exists()


def test_current_demo_priorities_carry_polish_and_spanish_not_yet_reviewed(ward):
    demo.load(io.StringIO())
    priority = Priority.objects.filter(ward=ward, status="current").first()
    assert priority is not None
    assert content.pick(priority, "issue", language="pl").language == "pl"
    assert content.pick(priority, "action", language="es").language == "es"
    assert not content.is_reviewed(priority, "pl")
    assert content.pick(priority, "issue", language="ar").fallback  # no Arabic in the demo: English shown
