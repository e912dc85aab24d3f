"""Per-borough figures of what the register shows for a period, for the board's view (`insight`).

Activities held (held, outcome recorded or feedback given) with an occurrence starting in the period and touching
a borough (one of its wards, or the whole borough) are counted once per borough, however many wards or occurrences
they have; London-wide activities and those tied only to a community are not counted against any borough.
Attendance and reach are the activity's own recorded figures, so an activity across two boroughs counts in both.
"""

from dataclasses import dataclass, field
from datetime import datetime

from activities.models import Activity, ActivityPlace

HELD_STATUSES = (Activity.Status.HELD, Activity.Status.OUTCOME_RECORDED, Activity.Status.FEEDBACK_GIVEN)


def method_label(code: str) -> str:
    """The name of a way of engaging, in the active language (staff pages are English)."""
    return str(dict(Activity.Method.choices).get(code, code))


@dataclass
class BoroughEngagement:
    held: int = 0
    by_method: dict[str, int] = field(default_factory=dict)  # method value -> activities
    attendance: int = 0
    reach: int = 0
    without_attendance: int = 0  # held activities with no attendance recorded


def borough_engagement(since: datetime, until: datetime) -> dict[int, BoroughEngagement]:
    """borough id -> what the register shows for activities held in [since, until)."""
    rows = (
        ActivityPlace.objects.filter(
            kind__in=(ActivityPlace.Kind.WARD, ActivityPlace.Kind.BOROUGH),
            borough_id__isnull=False,
            starts_at__gte=since,
            starts_at__lt=until,
            activity__status__in=HELD_STATUSES,
        )
        .values_list("borough_id", "activity_id", "activity__method", "activity__attendance", "activity__reach")
        .distinct()
    )
    out: dict[int, BoroughEngagement] = {}
    seen: set[tuple[int, int]] = set()
    for borough_id, activity_id, method, attendance, reach in rows:
        if (borough_id, activity_id) in seen:
            continue
        seen.add((borough_id, activity_id))
        e = out.setdefault(borough_id, BoroughEngagement())
        e.held += 1
        e.by_method[method] = e.by_method.get(method, 0) + 1
        if attendance is None:
            e.without_attendance += 1
        else:
            e.attendance += attendance
        e.reach += reach or 0
    return out
