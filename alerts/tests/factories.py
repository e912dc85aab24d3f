import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from alerts.models import Interest, Message, Subscriber, interests_mask


class SubscriberFactory(DjangoModelFactory):
    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"subscriber{n}@example.test")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    status = Subscriber.Status.ACTIVE
    wants_email = True
    interests = interests_mask(Interest.values)

    @factory.post_generation
    def wards(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.wards.set(extracted)

    @factory.post_generation
    def boroughs(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.boroughs.set(extracted)


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message
        skip_postgeneration_save = True

    subject = factory.Sequence(lambda n: f"Alert {n}")
    body = "There have been burglaries nearby.\n\nLock your doors."

    @factory.post_generation
    def wards(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.wards.set(extracted)
