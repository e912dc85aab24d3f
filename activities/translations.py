"""What staff wrote on a public activity's page (title, purpose, how results are used, venue, access) that they
may translate. Only the activities the public can see, from the last 90 days on, are offered: older pages stay
up, but are not worth a translator's time (a translation already made still shows)."""

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from activities import permissions, queries
from activities.models import Activity
from core import pagecache, registry

RECENT = timedelta(days=90)

TEXTS = [
    ("title", "Title"),
    ("purpose", "Why this is taking place"),
    ("use_of_results", "How the results will be used"),
    ("venue", "Where"),
    ("venue_accessibility", "Access"),
]


def texts(activity: Activity) -> list[registry.SourceText]:
    return [registry.SourceText.of(activity, name, label) for name, label in TEXTS]


def offered(activity: Activity) -> bool:
    """Whether the activity's texts are offered for translation (to those who may change it): `_public_and_recent`
    for one activity already read, without a query."""
    since = timezone.now() - RECENT
    recent = activity.ends_at >= since or bool(activity.repeat_until and activity.repeat_until >= since.date())
    shown = activity.is_public and not activity.consultation_pending and activity.status != Activity.Status.CANCELLED
    return shown and recent


def _public_and_recent(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    since = timezone.now() - RECENT
    recent = Q(ends_at__gte=since) | Q(repeat_until__gte=since.date())
    return activities.filter(pk__in=queries.public_activities().filter(recent).values("pk"))


def translatable_activities(user: Any) -> QuerySet[Activity]:
    """The public activities the user may change (`permissions.can_edit`): only they may translate them."""
    return _public_and_recent(permissions.editable_activities(user)).order_by("-starts_at")


def changed(activity: Activity) -> None:
    """Ward and borough pages list a public activity's title and venue."""
    if activity.london_wide:
        pagecache.invalidate(london=True)
        return
    ward_ids = list(activity.wards.values_list("pk", flat=True))
    borough_ids = set(activity.boroughs.values_list("pk", flat=True)) | set(
        activity.wards.values_list("borough_id", flat=True)
    )
    pagecache.invalidate(wards=ward_ids, boroughs=sorted(borough_ids))


def register() -> None:
    registry.translatable.add(
        registry.TranslatableKind(
            kind="activity",
            label="Public activity page",
            order=50,
            model=Activity,
            editable=translatable_activities,
            texts=texts,
            describe=lambda a: f"{a.title} ({timezone.localtime(a.starts_at):%d/%m/%Y})",
            back_url=lambda a: a.get_absolute_url(),
            changed=changed,
            everything=lambda: _public_and_recent(Activity.objects.all()),
        )
    )
