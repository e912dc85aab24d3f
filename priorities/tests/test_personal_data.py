import pytest

from accounts.tests.factories import UserFactory
from feedback import registrations as feedback_registrations
from feedback import services as feedback_services
from feedback.models import Participant
from priorities import registrations
from priorities.models import Issue
from priorities.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase_issue_contact_details(ward):
    user = UserFactory(email="pat@example.test")
    IssueFactory(ward=ward, contact_email="pat@example.test", contact_name="Pat", description="My report")
    exported = registrations.export_personal(user)
    assert exported["issues_raised"][0]["description"] == "My report"
    assert registrations.erase_personal(user) == 1
    issue = Issue.objects.get()
    assert (issue.contact_email, issue.contact_name) == ("", "")


def test_export_and_erase_feedback_participation(ward):
    user = UserFactory(email="pat@example.test")
    feedback_services.ensure_record(subject=ward, by=None, wards=[ward])
    feedback_services.add_participant(subject=ward, email="pat@example.test", source="issue")
    assert feedback_registrations.export_personal(user)[0]["source"] == "issue"
    assert feedback_registrations.erase_personal(user) == 1
    assert not Participant.objects.exists()
