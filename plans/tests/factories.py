import factory
from factory.django import DjangoModelFactory

from organisations.tests.factories import UnitFactory
from plans.models import Action, Plan, Section


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Engagement plan {n}")
    slug = factory.Sequence(lambda n: f"engagement-plan-{n}")
    owner = factory.SubFactory(UnitFactory)
    period_label = "2026-2029"
    is_public = True


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Principle {n}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    reference = factory.Sequence(lambda n: f"1.{n + 1}")
    description = "Publish how people can get involved"
