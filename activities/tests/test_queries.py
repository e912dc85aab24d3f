from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from activities import queries
from activities.models import FatigueSettings
from activities.tests.factories import CommunityFactory, record
from organisations.models import Role

pytestmark = pytest.mark.django_db


def _proposal(ward, starts, **kw):  # type: ignore[no-untyped-def]
    return queries.Proposal(starts_at=starts, ends_at=starts + timedelta(hours=1), ward_ids=[ward.pk], **kw)


def test_same_ward_activity_within_window_clashes(ward):
    starts = timezone.now() + timedelta(days=10)
    other = record(wards=[ward], starts_at=starts + timedelta(days=2))
    clashes = queries.find_clashes(_proposal(ward, starts))
    assert [c.activity for c in clashes] == [other]
    assert clashes[0].reasons == [f"Same ward: {ward.name}"]


def test_activity_outside_window_does_not_clash(ward):
    starts = timezone.now() + timedelta(days=10)
    record(wards=[ward], starts_at=starts + timedelta(days=30))
    assert queries.find_clashes(_proposal(ward, starts)) == []


def test_borough_wide_activity_overlaps_each_of_its_wards(ward, lewisham):
    starts = timezone.now() + timedelta(days=10)
    record(boroughs=[lewisham], starts_at=starts)
    clashes = queries.find_clashes(_proposal(ward, starts))
    assert clashes[0].reasons == ["Covers all of Lewisham"]


def test_london_wide_activity_overlaps_every_ward(ward):
    starts = timezone.now() + timedelta(days=10)
    record(london_wide=True, starts_at=starts)
    assert queries.find_clashes(_proposal(ward, starts))[0].reasons == ["London-wide"]


def test_shared_community_clashes_anywhere(ward, other_ward):
    starts = timezone.now() + timedelta(days=10)
    youth = CommunityFactory(name="Young people", slug="young-people")
    record(wards=[other_ward], communities=[youth], starts_at=starts)
    p = _proposal(ward, starts, community_ids=[youth.pk])
    assert queries.find_clashes(p)[0].reasons == ["Same community: Young people"]


def test_clashes_ranked_by_closeness(ward):
    starts = timezone.now() + timedelta(days=10)
    far = record(wards=[ward], starts_at=starts + timedelta(days=5), title="Far")
    near = record(wards=[ward], starts_at=starts + timedelta(hours=1), title="Near")
    assert [c.activity for c in queries.find_clashes(_proposal(ward, starts))] == [near, far]


def test_cancelled_activity_does_not_clash(ward):
    from activities import services

    starts = timezone.now() + timedelta(days=10)
    a = record(wards=[ward], starts_at=starts)
    services.change_status(activity=a, by=None, status="cancelled", cancelled_reason="x", check_scope=False)
    assert queries.find_clashes(_proposal(ward, starts)) == []


def test_series_clashes_on_a_later_occurrence(ward):
    starts = timezone.now() + timedelta(days=10)
    other = record(wards=[ward], starts_at=starts + timedelta(weeks=3))
    p = _proposal(ward, starts, recurrence="weekly", repeat_until=(starts + timedelta(weeks=6)).date())
    clashes = queries.find_clashes(p, window=timedelta(0))
    assert clashes[0].activity == other
    assert clashes[0].gap == timedelta(0)


def test_fatigue_counts_distinct_activities_with_weights(ward):
    now = timezone.now()
    for days in (1, 5, 9):
        record(wards=[ward], starts_at=now - timedelta(days=days))
    record(wards=[ward], starts_at=now - timedelta(days=2), method="leaflet_drop")
    record(wards=[ward], starts_at=now - timedelta(days=50))
    f = queries.fatigue_for_ward(ward)
    assert (f.count_4w, f.score_4w) == (4, 3.25)
    assert f.count_12w == 5


def test_fatigue_level_uses_administrator_thresholds(ward):
    FatigueSettings.objects.create(medium_4w=1, high_4w=2)
    now = timezone.now()
    record(wards=[ward], starts_at=now - timedelta(days=1))
    record(wards=[ward], starts_at=now - timedelta(days=2))
    f = queries.fatigue_for_ward(ward)
    assert f.level_4w == "high"
    assert f.message == "Catford South has had 2 asks in 4 weeks: high (medium from 1, high from 2)"


def test_each_occurrence_of_a_series_is_an_ask(ward):
    now = timezone.now()
    record(
        wards=[ward],
        starts_at=now - timedelta(days=27),
        recurrence="weekly",
        repeat_until=(now + timedelta(days=30)).date(),
    )
    assert queries.fatigue_for_ward(ward).count_4w == 4


def test_upcoming_public_for_ward_includes_borough_wide_and_excludes_restricted(ward, lewisham):
    a = record(wards=[ward], title="Ward meeting")
    b = record(boroughs=[lewisham], title="Borough forum", starts_at=timezone.now() + timedelta(days=20))
    record(wards=[ward], is_public=False)
    assert queries.upcoming_public_for_ward(ward) == [a, b]
    assert queries.upcoming_public_for_borough(lewisham) == [a, b]


def test_partner_sees_only_planned_activity(make_staff, ward, lewisham):
    from activities import services

    partner = make_staff(Role.PARTNER, boroughs=(lewisham,))
    planned = record(wards=[ward], starts_at=timezone.now() - timedelta(hours=3))
    held = record(wards=[ward], starts_at=timezone.now() - timedelta(hours=3))
    services.change_status(activity=held, by=None, status="held", check_scope=False)
    assert list(queries.visible_activities(partner)) == [planned]


def test_officer_does_not_see_activity_in_another_borough(officer, other_ward):
    record(wards=[other_ward])
    assert not queries.visible_activities(officer).exists()


def test_standards_report_flags_wards_without_panel(lewisham, ward):
    from activities.models import MinimumStandard

    MinimumStandard.objects.create(name="Panels", level="ward", method="panel_meeting", period_days=91)
    with time_machine.travel(timezone.now()):
        record(wards=[ward], method="panel_meeting", starts_at=timezone.now() - timedelta(days=3))
        row = queries.standards_report(type(lewisham).objects.filter(pk=lewisham.pk))[0]
    assert row["meets_all"] is False
    assert "wards short" in row["results"][0].detail
    assert ward.name not in row["results"][0].detail


def test_borough_standard_met_by_borough_activity(lewisham):
    from activities.models import MinimumStandard

    youth = CommunityFactory(name="Young people", slug="young-people")
    MinimumStandard.objects.create(name="Youth", level="borough", community=youth, period_days=91)
    record(boroughs=[lewisham], communities=[youth], starts_at=timezone.now() - timedelta(days=3))
    row = queries.standards_report(type(lewisham).objects.filter(pk=lewisham.pk))[0]
    assert row["meets_all"] is True


def test_counts_by_borough_split_planned_and_held(ward):
    from activities import services
    from activities.models import Activity

    record(wards=[ward])
    held = record(wards=[ward], starts_at=timezone.now() - timedelta(hours=3))
    services.change_status(activity=held, by=None, status="held", check_scope=False)
    rows = queries.counts_by_borough(Activity.objects.all())
    assert rows == [
        {"borough_id": ward.borough_id, "name": "Lewisham", "borough_code": "E09000023", "planned": 1, "held": 1}
    ]


def test_long_running_survey_clashes_with_activity_in_its_middle(ward):
    starts = timezone.now() + timedelta(days=30)
    survey = record(
        wards=[ward], method="survey", starts_at=starts - timedelta(days=20), ends_at=starts + timedelta(days=20)
    )
    clashes = queries.find_clashes(_proposal(ward, starts), window=timedelta(0))
    assert [c.activity for c in clashes] == [survey]


def test_london_wide_reader_sees_every_activity(make_staff, ward, other_ward):
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    a = record(wards=[ward])
    b = record(wards=[other_ward])
    assert set(queries.visible_activities(reader)) == {a, b}


def test_london_wide_partner_sees_planned_activity_everywhere(make_staff, ward, other_ward):
    from activities import services

    partner = make_staff(Role.PARTNER, london_wide=True)
    planned = record(wards=[other_ward], starts_at=timezone.now() - timedelta(hours=3))
    held = record(wards=[ward], starts_at=timezone.now() - timedelta(hours=3))
    services.change_status(activity=held, by=None, status="held", check_scope=False)
    assert list(queries.visible_activities(partner)) == [planned]
