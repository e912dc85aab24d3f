"""Who may see what of the engagement register's picture (django-rules predicates, used by pages and API)."""

from typing import Any

import rules
from django.db.models import QuerySet

from organisations.scope import Capability, has_capability, scope_for
from places.models import Borough


@rules.predicate
def can_see_engagement_picture(user: Any) -> bool:
    """Coordinators and London-wide readers (the oversight body) see fatigue and who is never asked."""
    return bool(
        getattr(user, "is_superuser", False)
        or has_capability(user, Capability.COORDINATE)
        or has_capability(user, Capability.READ_ALL)
    )


def picture_boroughs(user: Any) -> QuerySet[Borough]:
    """The boroughs whose fatigue and never-asked figures the user sees: their coordinating (or reading) area."""
    boroughs = Borough.objects.all()
    if getattr(user, "is_superuser", False):
        return boroughs
    scope = scope_for(user, Capability.COORDINATE)
    if scope.is_empty:
        scope = scope_for(user, Capability.READ_ALL)
    if scope.london_wide:
        return boroughs
    return boroughs.filter(scope.borough_q("pk"))


rules.add_perm("activities.see_engagement_picture", can_see_engagement_picture)
