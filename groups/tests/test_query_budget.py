"""Group pages and lists are built in a bounded number of queries, whatever the data (issue 14)."""

import datetime

import pytest
from django.utils import timezone

from core.tests.query_budget import assert_flat, use_database_cache
from groups.models import BriefingReceipt, CommunityGroup, JoinRequest, Member
from groups.services.meetings import schedule_meetings
from groups.tests.factories import (
    BriefingPackFactory,
    CommunityGroupFactory,
    JoinRequestFactory,
    MemberFactory,
    WardPanelFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_cache(settings):
    use_database_cache(settings)


@pytest.fixture
def panel(ward, ward_team):
    return WardPanelFactory(ward=ward, supporting_unit=ward_team, slug="catford-south-panel")


def _add_round(panel, ward, ward_team):
    """More of everything the group pages show: members (current and past, with briefings), requests to join,
    meetings (to come and held), groups represented on the panel, and other groups in the ward and borough."""
    today = timezone.localdate()
    pack = BriefingPackFactory()
    for role, start, end in (
        (Member.Role.MEMBER, datetime.date(2026, 1, 1), None),
        (Member.Role.CHAIR, datetime.date(2020, 1, 1), datetime.date(2021, 1, 1)),
    ):
        member = MemberFactory(group=panel, role=role, term_start=start, term_end=end)
        BriefingReceipt.objects.create(member=member, pack=pack, received_on=today, how=BriefingReceipt.How.EMAIL)
    JoinRequestFactory(group=panel)
    JoinRequestFactory(group=panel, status=JoinRequest.Status.ACCEPTED)
    now = timezone.now()
    for when in (now + datetime.timedelta(days=3), now - datetime.timedelta(days=30)):
        schedule_meetings(group=panel, by=None, data={"starts_at": when, "ends_at": when + datetime.timedelta(hours=2)})
    other = CommunityGroupFactory(
        level=CommunityGroup.Level.WARD,
        ward=ward,
        borough=ward.borough,
        represented_on=panel,
        supporting_unit=ward_team,
    )
    MemberFactory(group=other)
    CommunityGroupFactory(level=CommunityGroup.Level.BOROUGH, borough=ward.borough)


def test_staff_group_pages_take_the_same_few_queries_however_many_groups_and_members(
    client, officer, panel, ward, ward_team
):
    _add_round(panel, ward, ward_team)
    client.force_login(officer)

    def grow():
        for _ in range(3):
            _add_round(panel, ward, ward_team)

    assert_flat(client, ["/groups/", f"/groups/{panel.pk}/", "/groups/?q=group"], grow)


def test_public_group_pages_and_the_api_take_the_same_few_queries(client, panel, ward, ward_team):
    _add_round(panel, ward, ward_team)

    def grow():
        for _ in range(3):
            _add_round(panel, ward, ward_team)

    urls = ["/groups/public/", f"/groups/g/{panel.slug}/", "/api/v1/groups/", "/api/v1/groups/meetings"]
    assert_flat(client, urls, grow)
