"""A round of everything a ward's and its borough's pages show, to grow the data between two query counts."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from activities.tests.factories import record
from alerts.tests.factories import SubscriberFactory
from consultations.tests.factories import ConsultationFactory
from feedback.models import FeedbackRecord
from groups.models import CommunityGroup
from groups.services.meetings import schedule_meetings
from groups.tests.factories import CommunityGroupFactory, MemberFactory
from organisations.models import Role
from organisations.tests.factories import PostFactory
from priorities.models import Priority, Review
from priorities.tests.factories import IssueFactory, PriorityFactory


def add_round(ward: Any, team: Any) -> None:
    """One more of each: priorities with reviews, past priorities, issues, feedback, public activities (in the
    ward, the borough and London-wide), groups with members and meetings, consultations, team members and
    alert subscribers. `team` is the ward's neighbourhood team."""
    now = timezone.now()
    today = timezone.localdate()
    borough = ward.borough
    current = PriorityFactory(ward=ward)
    Review.objects.create(priority=current, reviewed_on=today, done="Patrols twice a week.", outcome="continued")
    PriorityFactory(ward=ward, status=Priority.Status.CLOSED, closed_on=today)
    IssueFactory(ward=ward)
    IssueFactory(ward=ward)
    priority_type = ContentType.objects.get_for_model(Priority)
    for published, places in ((True, {"wards": [ward]}), (False, {"wards": [ward]}), (True, {"boroughs": [borough]})):
        subject = PriorityFactory(ward=ward, status=Priority.Status.CLOSED, closed_on=today)
        feedback = FeedbackRecord.objects.create(
            content_type=priority_type,
            object_id=str(subject.pk),
            title=f"Feedback on {subject.issue}",
            asked="What should we do?",
            said="More patrols.",
            did="Patrols twice a week." if published else "",
            did_published_at=now if published else None,
        )
        for field, values in places.items():
            getattr(feedback, field).set(values)
    for places in ({"wards": [ward]}, {"boroughs": [borough]}, {"london_wide": True}):
        record(organising_unit=team, is_public=True, starts_at=now + datetime.timedelta(days=5), **places)
    for level, extra in (
        (CommunityGroup.Level.WARD, {"ward": ward, "borough": borough}),
        (CommunityGroup.Level.BOROUGH, {"borough": borough}),
        (CommunityGroup.Level.LONDON, {}),
    ):
        group = CommunityGroupFactory(level=level, supporting_unit=team, **extra)
        MemberFactory(group=group)
        when = now + datetime.timedelta(days=9)
        schedule_meetings(group=group, by=None, data={"starts_at": when, "ends_at": when + datetime.timedelta(hours=2)})
    ConsultationFactory(wards=[ward])
    ConsultationFactory(
        boroughs=[borough],
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
    )
    ConsultationFactory(london_wide=True)
    PostFactory(unit=team, role=Role.NEIGHBOURHOOD_OFFICER, listed_publicly=True, wards=[ward])
    SubscriberFactory(wards=[ward])
