"""What the register's reads share: footprint kinds, the statuses the public sees, method weights, who is asked."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from activities.models import Activity, ActivityPlace

K = ActivityPlace.Kind
PUBLIC_STATUSES = (Activity.Status.PLANNED, Activity.Status.CONFIRMED)
LONG = timedelta(days=7)
ASKS_OF_PUBLIC = (Activity.Audience.PUBLIC,)
ASKS_OF_COMMUNITY = (Activity.Audience.PUBLIC, Activity.Audience.COMMUNITY)

DEFAULT_WEIGHTS: dict[str, float] = {
    Activity.Method.PUBLIC_MEETING: 1.0,
    Activity.Method.PANEL_MEETING: 1.0,
    Activity.Method.STREET_BRIEFING: 0.5,
    Activity.Method.FOCUS_GROUP: 1.5,
    Activity.Method.SURVEY: 1.0,
    Activity.Method.WORKSHOP: 1.0,
    Activity.Method.SCHOOL_VISIT: 1.0,
    Activity.Method.LEAFLET_DROP: 0.25,
    Activity.Method.SOCIAL_MEDIA: 0.25,
    Activity.Method.ONLINE_EVENT: 0.75,
    Activity.Method.DOOR_KNOCKING: 1.0,
    Activity.Method.OTHER: 1.0,
}


def _day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, datetime.min.time()))
