"""Fatigue and clashes tell the truth on the demo data (issue: "the register tells the truth")."""

from collections import Counter
from datetime import timedelta

import pytest

from activities import queries
from activities.models import Activity
from demo import activities as demo
from organisations.structure import load_units
from places.models import Borough, Ward

pytestmark = pytest.mark.django_db

ABBEY = "E05014053"  # Barking and Dagenham: no local activity in the demo


@pytest.fixture
def demo_data(london):  # type: ignore[no-untyped-def]
    load_units()
    demo.load()


def test_lewisham_wards_are_not_all_high_on_the_demo(demo_data):
    levels = Counter(f.level_4w for f in queries.fatigue_for_borough(Borough.objects.get(name="Lewisham")))
    assert sum(levels.values()) == 19
    assert levels["high"] == 0
    assert levels["low"] >= 15


def test_london_wide_internal_calls_are_not_asks_of_abbey(demo_data):
    f = queries.fatigue_for_ward(Ward.objects.get(code=ABBEY))
    assert f.level_4w == "low"
    assert f.level_12w == "low"
    assert f.score_4w < 0.1


def test_most_london_wards_read_low_and_the_busiest_read_high(demo_data):
    cfg = queries.fatigue_config()
    levels = Counter()
    for borough in Borough.objects.all():
        levels.update(f.level_4w for f in queries.fatigue_for_borough(borough, cfg=cfg))
    total = sum(levels.values())
    assert levels["low"] / total > 0.9
    assert levels["high"] >= 1  # Brixton Windrush, where several units came in the last month
    brixton = queries.fatigue_for_ward(Ward.objects.get(name="Brixton Windrush"), cfg=cfg)
    assert brixton.level_4w == "high"


def test_the_fatigue_figure_says_where_its_thresholds_come_from(demo_data):
    f = queries.fatigue_for_ward(Ward.objects.get(name="Brixton Windrush"))
    assert "medium from" in f.message
    assert "percentiles over the last year" in f.thresholds.source
    assert f.as_dict()["high_4w"] >= f.as_dict()["medium_4w"] > 0


def test_traffic_event_in_catford_south_clashes_first_with_the_ward_panel(demo_data):
    traffic = Activity.objects.get(title__startswith="Road safety evening", wards__name="Catford South")
    clashes = queries.find_clashes(queries.Proposal.of(traffic))
    assert clashes, "the Traffic event should clash with the Catford South panel"
    assert clashes[0].activity.title == "Catford South ward panel"
    assert clashes[0].gap == timedelta(0)
    assert not [c for c in clashes if c.standing], "London-wide standing series are listed apart"
    standing = queries.standing_clashes(queries.Proposal.of(traffic))
    assert {"Staff Support Association meeting", "Faith officers call"} <= {c.activity.title for c in standing}
    # and the Lewisham coordinator sees it among the clashes nobody has answered yet
    pairs = queries.unresolved_clashes(Borough.objects.filter(name="Lewisham"))
    assert {traffic.title, "Catford South ward panel"} in [{p.first.title, p.second.title} for p in pairs]


def test_demo_standing_forums_say_whom_they_engage(demo_data):
    staff = Activity.objects.get(title="Staff Support Association meeting")
    forum = Activity.objects.get(title="London Muslim Community Forum")
    assert staff.audience == Activity.Audience.INTERNAL
    assert forum.audience == Activity.Audience.COMMUNITY


def test_never_asked_on_the_demo_is_the_quiet_boroughs_not_the_busy_ones(demo_data):
    rows = {r["name"]: r for r in queries.never_asked(months=6).boroughs}
    assert rows["Lewisham"]["never_6"] == 0  # every ward has a quarterly panel
    barking = rows["Barking and Dagenham"]
    assert barking["never_6"] >= barking["wards"] - 3  # three activities in the whole year
    assert ABBEY in {w["code"] for w in queries.never_asked(months=12).wards}
