"""An activity's footprint (its derived occurrence and place rows) and the cached pages it touches."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from activities import queries
from activities.models import Activity, ActivityPlace
from core import pagecache

LONG_OCCURRENCE = timedelta(days=7)  # footprint rows longer than this are searched separately


def rebuild_footprint(activity: Activity) -> int:
    """Replace the derived occurrence/place rows of one activity."""
    ActivityPlace.objects.filter(activity=activity).delete()
    if activity.status == Activity.Status.CANCELLED:
        return 0
    rows = footprint_rows(
        activity_id=activity.pk,
        method=activity.method,
        starts=activity.occurrence_starts(),
        duration=activity.duration,
        wards=list(activity.wards.values_list("pk", "borough_id")),
        borough_ids=list(activity.boroughs.values_list("pk", flat=True)),
        london_wide=activity.london_wide,
        community_ids=list(activity.communities.values_list("pk", flat=True)),
        audience=activity.audience,
    )
    ActivityPlace.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def footprint_rows(
    *,
    activity_id: int,
    method: str,
    starts: Iterable[datetime],
    duration: timedelta,
    wards: list[tuple[int, int]],
    borough_ids: list[int],
    london_wide: bool,
    community_ids: list[int],
    audience: str = Activity.Audience.PUBLIC,
) -> list[ActivityPlace]:
    """The footprint rows of one activity, each with its share: how local an ask it is of that place.

    A ward row is a whole ask of that ward (1); a borough row is spread over the borough's wards and a
    London row over London's; a community row carries the share of London's wards the activity covers
    (1 when London-wide or tied to no place). See docs/activities.md, "Fatigue".
    """
    K = ActivityPlace.Kind
    per_borough, total = queries.ward_counts()
    if london_wide or not (wards or borough_ids) or not total:
        community_share = 1.0
    else:
        covered = len({w for w, b in wards if b not in borough_ids}) + sum(per_borough.get(b, 0) for b in borough_ids)
        community_share = min(1.0, covered / total)
    rows: list[ActivityPlace] = []
    for s in starts:
        e = s + duration
        common = {
            "activity_id": activity_id,
            "starts_at": s,
            "ends_at": e,
            "method": method,
            "audience": audience,
            "is_long": duration > LONG_OCCURRENCE,
        }
        if london_wide:
            rows.append(ActivityPlace(kind=K.LONDON, share=1 / total if total else 0.0, **common))
        else:
            for ward_id, borough_id in wards:
                rows.append(ActivityPlace(kind=K.WARD, ward_id=ward_id, borough_id=borough_id, share=1.0, **common))
            for b in borough_ids:
                share = 1 / per_borough[b] if per_borough.get(b) else 0.0
                rows.append(ActivityPlace(kind=K.BOROUGH, borough_id=b, share=share, **common))
        for c in community_ids:
            rows.append(ActivityPlace(kind=K.COMMUNITY, community_id=c, share=community_share, **common))
    return rows


def _invalidate_pages(activity: Activity) -> None:
    ward_ids = list(activity.wards.values_list("pk", flat=True))
    borough_ids = set(activity.boroughs.values_list("pk", flat=True)) | set(
        activity.wards.values_list("borough_id", flat=True)
    )
    if activity.london_wide:
        pagecache.invalidate(london=True)
    else:
        pagecache.invalidate(wards=ward_ids, boroughs=borough_ids)
