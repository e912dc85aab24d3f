import factory
from factory.django import DjangoModelFactory

from accounts.tests.factories import UserFactory
from organisations.models import Post, Role, Unit


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Test unit {n}")
    slug = factory.Sequence(lambda n: f"test-unit-{n}")
    kind = Unit.Kind.BUSINESS_GROUP
    email = factory.Sequence(lambda n: f"unit{n}@police.example.test")


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True  # the hooks only set many-to-many fields

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.ENGAGEMENT_LEAD
    job_title = "Police Sergeant"

    @factory.post_generation
    def wards(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.wards.set(extracted)

    @factory.post_generation
    def boroughs(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.boroughs.set(extracted)
