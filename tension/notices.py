"""Planning notices: boroughs, wards and communities whose published tension is elevated or rising, for people who
may read tension and are planning or weighing engagement there (`core.registry.planning_notices`).

Only the place, level and trend are shown, never the items behind them: planners see that they must consult the
borough's tension lead, who decides what more to share. A ward or community standing apart also suggests
reassurance engagement: a link to the register's planning form, filled in for that place.
"""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from activities.models import Activity
from activities.prefill import plan_url
from core.registry import Notice, Places
from places import reference
from places.models import Borough, Ward
from tension import scale
from tension.models import AreaLevel, Assessment

NOTICE_WEEKS = 2  # a published level is shown to planners for this many weeks after the week it assessed
REASSURANCE_PURPOSE = "Reassure residents, hear their concerns and answer their questions."


def _raised(level: int, trend: str) -> bool:
    return level >= scale.NOTICE_FROM or trend == Assessment.Trend.RISING


def _state(level: int, trend: str) -> str:
    name = scale.label(level).lower()
    return f"{name}, rising" if trend == Assessment.Trend.RISING else name


def latest_published(reads: Callable[[int | None], bool]) -> dict[int | None, Assessment]:
    """Each area's latest published assessment of the last weeks, for the areas `reads(borough_id)` allows
    (None: London)."""
    since = timezone.localdate() - timedelta(days=7 * NOTICE_WEEKS + 6)
    latest: dict[int | None, Assessment] = {}
    for a in Assessment.objects.filter(status=Assessment.Status.PUBLISHED, week_starting__gte=since).order_by(
        "week_starting"
    ):
        latest[a.borough_id] = a
    return {area: a for area, a in latest.items() if reads(area)}


def _area_notice(al: AreaLevel, area: str) -> Notice:
    state = _state(al.level, al.trend)
    if al.ward is not None:
        ward = al.ward
        return Notice(
            f"{ward.name} ward, {ward.borough.name} tension: {state} — consult the borough lead",
            plan_url(
                title=f"Reassurance engagement in {ward.name}",
                purpose=REASSURANCE_PURPOSE,
                wards=[ward],
                tier=Activity.Tier.EVENT,
            ),
            f"Plan reassurance engagement in {ward.name}",
        )
    community = al.community
    if community is None:  # a ward or a community: the constraint holds one of them
        raise ValueError(f"Area level {al.pk} names no place")
    lead = "central tension lead" if area == "London" else "borough lead"
    return Notice(
        f"{community.name} community ({area}) tension: {state} — consult the {lead}",
        plan_url(
            title=f"Reassurance engagement with the {community.name} community",
            purpose=REASSURANCE_PURPOSE,
            communities=[community],
            tier=Activity.Tier.EVENT,
        ),
        f"Plan reassurance engagement with the {community.name} community",
    )


def planning_notices(reads: Callable[[int | None], bool], places: Places) -> list[Notice]:
    """Notices for `places`: each borough planned in (whole, or through a ward) whose latest published level is
    elevated or rising; each ward planned in, or in a whole borough planned in, and each community planned for,
    that its area's latest published assessment gives an elevated or rising level of its own."""
    if not places:
        return []
    latest = latest_published(reads)
    if not latest:
        return []
    ward_boroughs = set(Ward.objects.filter(pk__in=places.ward_ids).values_list("borough_id", flat=True))
    boroughs = reference.by_pk(Borough, {b for b in latest if b is not None})
    out: list[Notice] = []
    for b in sorted(places.borough_ids | ward_boroughs, key=lambda pk: boroughs[pk].name if pk in boroughs else ""):
        a = latest.get(b)
        if a is not None and b in boroughs and _raised(a.level, a.trend):
            out.append(Notice(f"{boroughs[b].name} tension: {_state(a.level, a.trend)} — consult the borough lead"))
    levels = AreaLevel.objects.filter(assessment__in=[a.pk for a in latest.values()]).select_related(
        "ward__borough", "community", "assessment"
    )
    wards_first = sorted(levels, key=lambda al: (al.ward is None, al.ward.name if al.ward else al.place_name, al.pk))
    for al in wards_first:
        if not _raised(al.level, al.trend):
            continue
        in_place = (
            al.ward_id in places.ward_ids or (al.ward is not None and al.ward.borough_id in places.borough_ids)
            if al.ward_id
            else al.community_id in places.community_ids
        )
        if in_place:
            area = al.assessment.borough_id
            out.append(_area_notice(al, boroughs[area].name if area in boroughs else "London"))
    return out
