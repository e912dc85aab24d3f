"""Reads of the good-practice library: search and filters, the activities a member of staff may submit,
and the published Top 10s."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

from activities.models import Activity
from organisations.scope import Capability, scope_for
from practice import permissions
from practice.evidence import HELD
from practice.models import CaseStudy, TopTen


@dataclass
class Filters:
    q: str = ""
    method: str = ""
    community: str = ""
    topic: str = ""
    status: str = ""

    @classmethod
    def from_get(cls, get: Any, curator: bool) -> "Filters":
        def pick(name: str, allowed: Any) -> str:
            value = str(get.get(name, ""))[:200]
            return value if value in allowed else ""

        return cls(
            q=str(get.get("q", "")).strip()[:200],
            method=pick("method", dict(Activity.Method.choices)),
            community=str(get.get("community", ""))[:120],
            topic=pick("topic", dict(CaseStudy.Topic.choices)),
            status=pick("status", dict(CaseStudy.Status.choices)) if curator else "",
        )

    def query(self) -> str:
        return urlencode({k: v for k, v in self.__dict__.items() if v})


def visible_cases(user: Any) -> QuerySet[CaseStudy]:
    """Curators see every case; others the library's accepted cases and their own submissions."""
    if permissions.curates_cases(user):
        return CaseStudy.objects.all()
    return CaseStudy.objects.filter(Q(status=CaseStudy.Status.ACCEPTED) | Q(submitted_by=user))


def search(qs: QuerySet[CaseStudy], f: Filters) -> QuerySet[CaseStudy]:
    if f.q:
        words = Q()
        for field in ("title", "what", "why", "outcome", "who_took_part", "unit_name"):
            words |= Q(**{f"{field}__icontains": f.q})
        qs = qs.filter(words)
    if f.method:
        qs = qs.filter(method=f.method)
    if f.community:
        qs = qs.filter(communities__slug=f.community)
    if f.topic:
        qs = qs.filter(topic=f.topic)
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.distinct()


def submittable_activities(user: Any, limit: int = 200) -> QuerySet[Activity]:
    """Held activities run by the user's units (or, for coordinators, in their area), latest first."""
    scope = scope_for(user, Capability.PLAN_ACTIVITY)
    mine = Q(organising_unit__in=scope.unit_ids)
    coordinate = scope_for(user, Capability.COORDINATE)
    if coordinate.london_wide:
        mine = Q()
    elif not coordinate.is_empty:
        mine |= Q(wards__in=coordinate.all_ward_ids() or []) | Q(boroughs__in=coordinate.borough_ids)
    latest = Activity.objects.filter(mine, status__in=HELD).order_by("-starts_at").values_list("pk", flat=True)
    ids = list(latest.distinct()[:limit])
    return Activity.objects.filter(pk__in=ids).select_related("organising_unit").order_by("-starts_at")


def published() -> QuerySet[TopTen]:
    return TopTen.objects.filter(status=TopTen.Status.PUBLISHED).order_by("-starts_on")
