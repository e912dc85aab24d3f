"""Who sees what and the date filter, read as unions of indexed reads: the same answers as the rules say."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from activities import queries, services
from activities.models import Activity
from activities.tests.factories import CommunityFactory, record
from organisations.models import Role
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_an_activity_for_a_community_tied_to_no_place_is_seen_everywhere_until_it_is_given_a_ward(
    make_staff, ward, other_ward
):
    reader = make_staff(Role.BOROUGH_CHAMPION, boroughs=(other_ward.borough,))
    for_community = record(communities=[CommunityFactory()])
    assert Activity.objects.get(pk=for_community.pk).placeless
    assert list(queries.visible_activities(reader)) == [for_community]
    services.update_activity(activity=for_community, by=None, data={"wards": [ward]}, check_scope=False)
    assert not Activity.objects.get(pk=for_community.pk).placeless
    assert not queries.visible_activities(reader).exists()
    services.update_activity(activity=for_community, by=None, data={"wards": []}, check_scope=False)
    services.change_status(
        activity=for_community, by=None, status="cancelled", cancelled_reason="Rain", check_scope=False
    )
    assert list(queries.visible_activities(reader)) == [for_community]  # no footprint, still seen


def test_a_ward_activity_is_not_placeless(ward):
    assert not record(wards=[ward]).placeless


def test_the_date_filter_finds_long_occurrences_and_later_occurrences_of_a_series(ward):
    start = timezone.localtime(timezone.now() + timedelta(days=60)).replace(hour=19, minute=0, second=0, microsecond=0)
    day = start.date()
    survey = record(
        wards=[ward], method="survey", starts_at=start - timedelta(days=40), ends_at=start + timedelta(days=1)
    )
    series = record(
        wards=[ward],
        starts_at=start - timedelta(days=21),
        recurrence="weekly",
        repeat_until=day + timedelta(days=30),
    )
    record(wards=[ward], starts_at=start - timedelta(days=9))  # ended a week before the span
    later = record(wards=[ward], starts_at=start + timedelta(days=2))
    found = queries.apply_filters(Activity.objects.all(), queries.Filters(date_from=day, date_to=day))
    assert set(found) == {survey, series}
    found = queries.apply_filters(Activity.objects.all(), queries.Filters(date_from=day))
    assert set(found) == {survey, series, later}


def _area_round(ward, other_ward, unit):
    """Activities in and out of Lewisham, one at each kind of place, some sharing a start, a series begun long ago
    (its later occurrences are newer than most), a cancelled one of the reader's unit and one for a community."""
    now = timezone.now().replace(microsecond=0)
    lewisham, lambeth = ward.borough, other_ward.borough
    other_lewisham_ward = lewisham.wards.exclude(pk=ward.pk).first()
    until = (now + timedelta(days=60)).date()
    made = [
        record(wards=[ward], starts_at=now + timedelta(days=3)),
        record(wards=[ward], starts_at=now + timedelta(days=3)),  # the same start: the newer id first
        record(wards=[ward, other_lewisham_ward], starts_at=now + timedelta(days=5)),  # two footprint rows
        record(boroughs=[lewisham], starts_at=now - timedelta(days=2)),
        record(london_wide=True, starts_at=now + timedelta(days=1)),
        record(wards=[other_ward], starts_at=now + timedelta(days=4)),  # not seen
        record(boroughs=[lambeth], starts_at=now + timedelta(days=6)),  # not seen
        record(organising_unit=unit, wards=[other_ward], starts_at=now - timedelta(days=1)),  # seen: own unit
        record(partners=[unit], wards=[other_ward], starts_at=now + timedelta(days=2)),  # seen: partnered
        record(communities=[CommunityFactory()], starts_at=now - timedelta(days=4)),  # placeless: seen
        record(
            wards=[ward],
            starts_at=now - timedelta(days=300),
            recurrence="weekly",
            repeat_until=until,
        ),
        record(wards=[ward], starts_at=now - timedelta(days=30)),
    ]
    cancelled = record(organising_unit=unit, wards=[ward], starts_at=now + timedelta(days=7))
    services.change_status(activity=cancelled, by=None, status="cancelled", cancelled_reason="Rain", check_scope=False)
    return [*made, cancelled]


def _london_reader_and_rounds(make_staff, ward, other_ward, rounds):
    """`rounds` of `_area_round` for a unit of their own, and a London-wide reader; with one community they name."""
    unit = UnitFactory()
    for _ in range(rounds):
        _area_round(ward, other_ward, unit)
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    return reader, Activity.communities.through.objects.first().communityofinterest


def test_a_borough_champions_page_is_the_same_set_and_order_as_sorting_every_visible_activity(
    make_staff, ward, other_ward, client
):
    from activities.paging import CappedPaginator
    from places import reference

    unit = UnitFactory()
    champion = make_staff(Role.BOROUGH_CHAMPION, unit=unit, boroughs=(ward.borough,))
    for _ in range(3):
        _area_round(ward, other_ward, unit)
    every = queries.visible_activities(champion).order_by("-starts_at", "-pk")
    expected = list(every.values_list("pk", flat=True))
    assert 20 < len(expected) < Activity.objects.count()
    newest = queries.newest_first(champion, queries.Filters(), Activity.objects.all())
    assert newest is not None
    assert newest.count(10_000) == len(expected)
    assert newest.count(5) == 5
    assert [a.pk for a in newest[3:9]] == expected[3:9]  # from the ids counted
    newest = queries.newest_first(champion, queries.Filters(), Activity.objects.all())  # not counted: windows
    for size in (1, 2, 3, 7, 50):
        for offset in range(0, len(expected) + 2, size):
            assert [a.pk for a in newest[offset : offset + size]] == expected[offset : offset + size], (size, offset)

    # through the page, in pages of 50: the same activities in the same order
    shown = reference.with_place_ids(Activity.objects.select_related("organising_unit"))
    pages = CappedPaginator(queries.newest_first(champion, queries.Filters(), shown), 7, counted=newest.count)
    assert pages.count == len(expected)
    assert [a.pk for n in pages.page_range for a in pages.page(n).object_list] == expected
    client.force_login(champion)
    page = client.get("/activities/").content.decode()
    assert f"{len(expected)} activities" in page
    listed = [int(pk) for pk in re.findall(r'href="/activities/(\d+)/"', page)]
    assert list(dict.fromkeys(listed)) == expected


def test_a_ward_officer_and_a_borough_partner_read_their_pages_the_same_way(make_staff, ward, other_ward, ward_team):
    unit = ward_team
    for _ in range(2):
        _area_round(ward, other_ward, unit)
    officer = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=unit)
    partner = make_staff(Role.PARTNER, boroughs=(ward.borough,))
    for reader in (officer, partner):
        expected = list(queries.visible_activities(reader).order_by("-starts_at", "-pk").values_list("pk", flat=True))
        assert expected
        newest = queries.newest_first(reader, queries.Filters(), Activity.objects.all())
        assert newest is not None
        assert newest.count(10_000) == len(expected)
        newest = queries.newest_first(reader, queries.Filters(), Activity.objects.all())
        for size in (1, 3, 50):
            for offset in range(0, len(expected) + 2, size):
                assert [a.pk for a in newest[offset : offset + size]] == expected[offset : offset + size]


def test_a_london_wide_reader_filtering_by_place_reads_the_same_pages_from_the_footprint(make_staff, ward, other_ward):
    reader, community = _london_reader_and_rounds(make_staff, ward, other_ward, 3)
    for f in (
        queries.Filters(ward=ward),
        queries.Filters(borough=ward.borough),
        queries.Filters(borough=other_ward.borough),
        queries.Filters(community=community),
    ):
        plain = queries.apply_filters(Activity.objects.all(), f).order_by("-starts_at", "-pk")
        expected = list(plain.values_list("pk", flat=True))
        assert expected
        newest = queries.newest_first(reader, f, Activity.objects.all())
        assert newest is not None
        for size in (1, 3, 50):
            for offset in range(0, len(expected) + 2, size):
                assert [a.pk for a in newest[offset : offset + size]] == expected[offset : offset + size], (f, size)
    # with a condition on the activity itself, or dates, the plain list is read
    assert queries.newest_first(reader, queries.Filters(ward=ward, method="survey"), Activity.objects.all()) is None
    assert queries.newest_first(reader, queries.Filters(), Activity.objects.all()) is None


def test_a_london_wide_reader_needs_no_page_by_area(make_staff):
    reader = make_staff(Role.OVERSIGHT_READER, london_wide=True)
    assert queries.newest_first(reader, queries.Filters(), Activity.objects.all()) is None


def test_the_counts_per_borough_read_from_the_footprint_are_those_of_every_match(make_staff, ward, other_ward):
    reader, community = _london_reader_and_rounds(make_staff, ward, other_ward, 2)
    for f in (queries.Filters(ward=ward), queries.Filters(borough=ward.borough), queries.Filters(community=community)):
        matches = list(queries.apply_filters(Activity.objects.all(), f).values_list("pk", flat=True))
        newest = queries.newest_first(reader, f, Activity.objects.all())
        assert newest.count(10_000) == len(matches)
        assert newest.count(2) == min(2, len(matches))
        # London-wide activities match a ward's filter but touch no borough: their read is left out of the counts
        assert queries.counts_by_borough(newest.local_matches()) == queries.counts_by_borough(matches), f


def test_distinct_ids_are_exact_when_one_activity_fills_the_first_rows(ward):
    from activities.models import ActivityPlace

    start = timezone.now() - timedelta(days=400)
    until = (start + timedelta(days=300)).date()
    series = record(wards=[ward], starts_at=start, recurrence="weekly", repeat_until=until)
    others = [record(wards=[ward], starts_at=start + timedelta(days=400 + i)) for i in range(3)]
    rows = ActivityPlace.objects.filter(ward=ward).order_by("activity_id").values_list("activity_id", flat=True)
    assert rows.count() > 40  # the series' occurrences come first
    # twice 3 rows read are all the series': the database then makes them distinct
    assert queries.distinct_ids([rows], 3) == [series.pk, others[0].pk, others[1].pk]
    unordered = rows.order_by()
    assert sorted(queries.distinct_ids([unordered, unordered], 10)) == [series.pk, *(o.pk for o in others)]


def test_the_footprint_count_is_the_lists_count(make_staff, ward, other_ward):
    reader, community = _london_reader_and_rounds(make_staff, ward, other_ward, 2)
    today = timezone.localdate()
    for f in (
        queries.Filters(date_from=today),
        queries.Filters(date_to=today),
        queries.Filters(date_from=today - timedelta(days=3), date_to=today + timedelta(days=4)),
        queries.Filters(ward=ward, date_from=today),
        queries.Filters(borough=ward.borough, method="survey", date_from=today - timedelta(days=60)),
        queries.Filters(borough=ward.borough, method="public_meeting", date_from=today - timedelta(days=60)),
        queries.Filters(community=community, date_to=today + timedelta(days=90)),
    ):
        expected = queries.apply_filters(Activity.objects.all(), f).count()
        matched = queries.footprint_matches(reader, f, 10_000)
        assert matched is not None
        assert sorted(matched) == sorted(queries.apply_filters(Activity.objects.all(), f).values_list("pk", flat=True))
        assert len(matched) == expected, f
        assert len(queries.footprint_matches(reader, f, 1)) == min(1, expected)
    # conditions on the activity itself, no dates, or a reader of part of London: the list is counted
    assert queries.footprint_matches(reader, queries.Filters(date_from=today, status="held"), 10) is None
    assert queries.footprint_matches(reader, queries.Filters(ward=ward), 10) is None
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(ward.borough,))
    assert queries.footprint_matches(champion, queries.Filters(date_from=today), 10) is None


def test_a_text_search_reads_its_matches_once_and_lists_them_newest_first(make_staff, ward, client):
    reader = make_staff(Role.CENTRAL_CHAMPION, london_wide=True)
    now = timezone.now()
    made = [record(wards=[ward], title=f"Knife crime forum {i}", starts_at=now + timedelta(days=i)) for i in range(3)]
    record(wards=[ward], title="Youth panel", starts_at=now)
    f = queries.Filters(text="knife crime")
    matching = queries.apply_filters(Activity.objects.all(), f)
    assert sorted(queries.known_matches(reader, f, matching, 10)) == sorted(a.pk for a in made)
    assert queries.known_matches(reader, queries.Filters(), Activity.objects.all(), 10) is None
    client.force_login(reader)
    page = client.get("/activities/?q=knife+crime").content.decode()
    assert "3 activities" in page
    table = page[page.index('<table class="govuk-table"><caption') :]
    table = table[: table.index("</table>")]
    listed = [int(pk) for pk in re.findall(r'href="/activities/(\d+)/"', table)]
    assert listed == [a.pk for a in reversed(made)]
