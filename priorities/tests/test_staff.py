import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from priorities.models import Issue, Priority
from priorities.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db


def test_triage_list_shows_only_issues_in_scope(client, officer, ward, other_ward):
    IssueFactory(ward=ward, description="Mine to see")
    IssueFactory(ward=other_ward, description="Not my area")
    client.force_login(officer)
    body = client.get(reverse("priorities:issue_list")).content.decode()
    assert "Mine to see" in body
    assert "Not my area" not in body


def test_triage_list_filters_by_category(client, officer, ward):
    IssueFactory(ward=ward, category="drugs", description="Drug issue")
    IssueFactory(ward=ward, category="burglary", description="Burglary issue")
    client.force_login(officer)
    body = client.get(reverse("priorities:issue_list") + "?category=drugs").content.decode()
    assert "Drug issue" in body
    assert "Burglary issue" not in body


def test_csv_export_of_issues(client, officer, ward):
    IssueFactory(ward=ward, description="=HYPERLINK(evil)")
    client.force_login(officer)
    response = client.get(reverse("priorities:issue_list") + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "reference"
    assert rows[1][10] == "'=HYPERLINK(evil)"


def test_issue_outside_scope_is_404(client, officer, other_ward):
    issue = IssueFactory(ward=other_ward)
    client.force_login(officer)
    assert client.get(reverse("priorities:issue_detail", args=[issue.pk])).status_code == 404


def test_officer_records_issue_heard_at_briefing(client, officer, ward):
    client.force_login(officer)
    response = client.post(
        reverse("priorities:record_issue"),
        {
            "category": "asb",
            "postcode": "",
            "ward": str(ward.pk),
            "description": "Heard at the street briefing",
            "frequency": "weekly",
            "website": "",
        },
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.source == Issue.Source.OFFICER
    assert issue.recorded_by == officer


def test_officer_links_issue_to_the_activity_where_it_was_heard(client, officer, ward):
    from activities.tests.factories import ActivityFactory

    activity = ActivityFactory(title="Street briefing on Bromley Road")
    activity.wards.add(ward)
    client.force_login(officer)
    assert "Street briefing on Bromley Road" in client.get(reverse("priorities:record_issue")).content.decode()
    response = client.post(
        reverse("priorities:record_issue"),
        {
            "category": "asb",
            "postcode": "",
            "ward": str(ward.pk),
            "description": "Heard there",
            "frequency": "weekly",
            "website": "",
            "activity": str(activity.pk),
        },
    )
    assert response.status_code == 302
    assert Issue.objects.get().activity == activity


def test_set_priority_through_the_page(client, officer, ward):
    client.force_login(officer)
    response = client.post(
        reverse("priorities:manage_ward", args=[ward.code]),
        {
            "category": "asb",
            "issue": "Noise",
            "action": "Patrols",
            "set_by": "team",
            "review_by": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Priority.objects.get().set_by == "team"


def test_a_priority_answers_the_open_issues_chosen_on_the_page(client, officer, ward):
    issue = IssueFactory(ward=ward, description="Speeding on Bromley Road")
    client.force_login(officer)
    response = client.post(
        reverse("priorities:manage_ward", args=[ward.code]),
        {
            "category": "asb",
            "issue": "Speeding",
            "action": "Speed checks",
            "set_by": "team",
            "review_by": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "issues": [str(issue.pk)],
        },
    )
    assert response.status_code == 302
    assert list(Priority.objects.get().issues.all()) == [issue]


def test_set_priority_with_past_review_date_shows_error(client, officer, ward):
    client.force_login(officer)
    response = client.post(
        reverse("priorities:manage_ward", args=[ward.code]),
        {
            "category": "asb",
            "issue": "Noise",
            "action": "Patrols",
            "set_by": "team",
            "review_by": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "review date must be after" in response.content.decode()
    assert not Priority.objects.exists()


def test_manage_other_ward_is_404(client, officer, other_ward):
    client.force_login(officer)
    assert client.get(reverse("priorities:manage_ward", args=[other_ward.code])).status_code == 404


def test_report_by_borough_csv(client, administrator, ward):
    Priority.objects.create(ward=ward, category="drugs", issue="x", action="y", set_on=timezone.localdate())
    client.force_login(administrator)
    response = client.get(reverse("priorities:report") + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "Lewisham"
    assert rows[1][-1] == "1"


def test_workspace_card_counts_new_issues(client, officer, ward):
    IssueFactory(ward=ward)
    client.force_login(officer)
    body = client.get(reverse("workspace:home")).content.decode()
    assert "1 new issue raised" in body
