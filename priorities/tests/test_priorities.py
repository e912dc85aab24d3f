from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from core.errors import Conflict, NotAllowed, ServiceError
from feedback import queries as feedback_queries
from feedback.models import Participant
from priorities import queries, services
from priorities.models import Issue, Priority, Review
from priorities.tests.factories import IssueFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _set(ward, officer, **over):
    kwargs = {
        "ward": ward,
        "by": officer,
        "category": "drugs",
        "issue": "Dealing in the stairwells",
        "action": "Patrols and a warrant",
        "review_by": timezone.localdate() + timedelta(days=60),
    }
    kwargs.update(over)
    return services.set_priority(**kwargs)


def test_set_priority_links_issues_and_adds_raisers_to_feedback(ward, officer):
    issue = IssueFactory(ward=ward, contact_email="raiser@example.test")
    priority = _set(ward, officer, issues=[issue.pk])
    issue.refresh_from_db()
    assert issue.status == Issue.Status.PRIORITY
    assert issue.priority == priority
    record = feedback_queries.record_for(priority)
    assert record is not None
    assert Participant.objects.filter(record=record, email="raiser@example.test", source="issue").exists()


def test_officer_cannot_set_priority_for_another_ward(other_ward, officer):
    with pytest.raises(NotAllowed):
        _set(other_ward, officer)
    assert not Priority.objects.exists()


def test_priority_needs_action(ward, officer):
    with pytest.raises(ServiceError):
        _set(ward, officer, action="  ")


def test_ward_page_shows_current_priorities_section(client, ward, officer):
    _set(ward, officer, issue="Speeding on Bromley Road")
    body = client.get(ward.get_absolute_url()).content.decode()
    assert "Local priorities" in body
    assert "Speeding on Bromley Road" in body


def test_ward_page_cache_refreshes_when_priority_set(client, ward, officer, django_capture_on_commit_callbacks):
    client.get(ward.get_absolute_url())  # warm the cache
    with django_capture_on_commit_callbacks(execute=True):
        _set(ward, officer, issue="Fresh priority text")
    assert "Fresh priority text" in client.get(ward.get_absolute_url()).content.decode()


def test_review_closed_records_history_and_tells_raisers(
    ward, officer, smtp_server, django_capture_on_commit_callbacks
):
    issue = IssueFactory(ward=ward, contact_email="raiser@example.test")
    priority = _set(ward, officer, issues=[issue.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.review_priority(priority=priority, by=officer, done="Two warrants executed", outcome="closed")
    priority.refresh_from_db()
    assert priority.status == Priority.Status.CLOSED
    assert [m["To"] for m in smtp_server.messages] == ["raiser@example.test"]
    assert priority in queries.past_priorities(ward)
    record = feedback_queries.record_for(priority)
    assert record.did == "Two warrants executed"


def test_review_continued_needs_next_date(ward, officer):
    priority = _set(ward, officer)
    with pytest.raises(ServiceError):
        services.review_priority(priority=priority, by=officer, done="Patrols", outcome="continued")
    assert not Review.objects.exists()


def test_review_replaced_creates_successor(ward, officer):
    priority = _set(ward, officer)
    services.review_priority(
        priority=priority,
        by=officer,
        done="Dealing has moved",
        outcome="replaced",
        replacement={
            "category": "asb",
            "issue": "Noise in the park",
            "action": "Patrols",
            "review_by": timezone.localdate() + timedelta(days=30),
        },
    )
    priority.refresh_from_db()
    assert priority.status == Priority.Status.REPLACED
    assert priority.replaced_by.issue == "Noise in the park"
    assert priority.replaced_by.status == Priority.Status.CURRENT


def test_second_review_of_closed_priority_is_refused(ward, officer):
    priority = _set(ward, officer)
    services.review_priority(priority=priority, by=officer, done="Done", outcome="closed")
    with pytest.raises(Conflict):
        services.review_priority(priority=priority, by=officer, done="Again", outcome="closed")


def test_review_without_publishing_makes_feedback_owed(ward, officer):
    priority = _set(ward, officer)
    services.review_priority(priority=priority, by=officer, done="Done", outcome="closed", publish=False)
    record = feedback_queries.record_for(priority)
    assert record.did_published_at is None
    assert record.due_at is not None


def test_history_page_lists_past_priorities_with_reviews(client, ward, officer):
    priority = _set(ward, officer, issue="Old problem")
    services.review_priority(priority=priority, by=officer, done="We fixed the lights", outcome="closed")
    body = client.get(reverse("priorities:ward", args=[ward.code])).content.decode()
    assert "Old problem" in body
    assert "We fixed the lights" in body


def test_borough_and_london_sections_aggregate_by_category(client, ward, other_ward):
    PriorityFactory(ward=ward, category="drugs")
    PriorityFactory(ward=ward, category="asb")
    PriorityFactory(ward=other_ward, category="drugs")
    rows = queries.borough_section(ward.borough)["rows"]
    assert {r["label"]: r["count"] for r in rows} == {"Drugs": 1, "Anti-social behaviour": 1}
    london = queries.london_section()
    assert london["total"] == 3
    assert london["rows"][0] == {"category": "drugs", "label": "Drugs", "count": 2, "percent": 67}
    body = client.get(ward.borough.get_absolute_url()).content.decode()
    assert "Ward priorities in Lewisham" in body


def test_police_uk_shape_escapes_html(client, ward):
    p = PriorityFactory(ward=ward, issue="<b>Drugs</b> & dealing", set_on=timezone.localdate())
    Review.objects.create(priority=p, reviewed_on=timezone.localdate(), done="Raids <script>", outcome="continued")
    PriorityFactory(ward=ward, issue="No action yet", action="")
    data = client.get(f"/api/v1/priorities/wards/{ward.code}/police-uk").json()
    assert set(data[0]) == {"issue", "issue-date", "action", "action-date"}
    by_issue = {d["issue"]: d for d in data}
    first = by_issue["&lt;b&gt;Drugs&lt;/b&gt; &amp; dealing"]
    assert first["action"] == "Raids &lt;script&gt;"
    assert first["issue-date"].endswith("T00:00:00")
    assert by_issue["No action yet"]["action"] is None
    assert by_issue["No action yet"]["action-date"] is None


def test_feed_items_for_priorities_set(ward):
    PriorityFactory(ward=ward, issue="Feedable")
    items = queries.ward_feed(ward)
    assert items and "Feedable" in items[0].summary
