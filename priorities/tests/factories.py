import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from priorities.models import Category, Issue, Priority


class IssueFactory(DjangoModelFactory):
    class Meta:
        model = Issue

    category = Category.ASB
    ward = None
    borough = factory.LazyAttribute(lambda o: o.ward.borough)
    description = factory.Sequence(lambda n: f"Problem number {n}")
    frequency = Issue.Frequency.WEEKLY
    reference = factory.Sequence(lambda n: f"ISS-2026-{900000 + n:06d}")


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    ward = None
    category = Category.DRUGS
    issue = factory.Sequence(lambda n: f"Priority {n}")
    action = "Patrols"
    status = Priority.Status.CURRENT
    set_on = factory.LazyFunction(timezone.localdate)
