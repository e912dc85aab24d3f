import datetime

import factory
from factory.django import DjangoModelFactory

from groups.models import BriefingPack, CommunityGroup, JoinRequest, Member


class CommunityGroupFactory(DjangoModelFactory):
    class Meta:
        model = CommunityGroup

    name = factory.Sequence(lambda n: f"Test group {n}")
    slug = factory.Sequence(lambda n: f"test-group-{n}")
    kind = CommunityGroup.Kind.IAG
    level = CommunityGroup.Level.LONDON
    purpose = "Advises the police on community impact."
    is_public = True
    contact_email = factory.Sequence(lambda n: f"group{n}@example.test")


class WardPanelFactory(CommunityGroupFactory):
    kind = CommunityGroup.Kind.WARD_PANEL
    level = CommunityGroup.Level.WARD
    name = factory.LazyAttribute(lambda o: f"{o.ward.name} Ward Panel")
    borough = factory.LazyAttribute(lambda o: o.ward.borough)
    meets = CommunityGroup.Cadence.QUARTERLY


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    group = factory.SubFactory(CommunityGroupFactory)
    name = factory.Sequence(lambda n: f"Test Member {n}")
    email = factory.Sequence(lambda n: f"member{n}@example.test")
    role = Member.Role.MEMBER
    term_start = datetime.date(2026, 1, 1)
    consent_to_contact = True
    consent_wording = "I agree."


class JoinRequestFactory(DjangoModelFactory):
    class Meta:
        model = JoinRequest

    group = factory.SubFactory(CommunityGroupFactory)
    name = "Ada Example"
    email = factory.Sequence(lambda n: f"asker{n}@example.test")
    consent_wording = "I agree."
    consent_at = factory.LazyFunction(lambda: datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))


class BriefingPackFactory(DjangoModelFactory):
    class Meta:
        model = BriefingPack

    title = factory.Sequence(lambda n: f"Briefing {n}")
    kind = BriefingPack.Kind.ROLE_DEFINITION
    summary = "What a ward panel chair does."
