from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from activities.models import Activity, CommunityOfInterest
from organisations.tests.factories import UnitFactory


class CommunityFactory(DjangoModelFactory):
    class Meta:
        model = CommunityOfInterest
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")


class ActivityFactory(DjangoModelFactory):
    """An activity saved directly (no footprint): use `record` below for the real thing."""

    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"Street briefing {n}")
    purpose = "To hear residents' concerns about antisocial behaviour."
    method = Activity.Method.STREET_BRIEFING
    organising_unit = factory.SubFactory(UnitFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))


def record(by=None, **kwargs):  # type: ignore[no-untyped-def]
    """Record an activity through the service (footprint built), without a scope check."""
    from activities import services

    starts = kwargs.pop("starts_at", timezone.now() + timedelta(days=10))
    data = {
        "title": "Community meeting",
        "purpose": "To hear residents' concerns.",
        "method": Activity.Method.PUBLIC_MEETING,
        "organising_unit": kwargs.pop("organising_unit", None) or UnitFactory(),
        "starts_at": starts,
        "ends_at": kwargs.pop("ends_at", starts + timedelta(hours=2)),
        **kwargs,
    }
    return services.record_activity(by=by, data=data, check_scope=False)
