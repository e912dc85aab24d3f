"""Posting, matching, inviting, answering, shifts, hours and outputs: the rules and their refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from activities.models import Activity
from core.errors import Conflict, NotAllowed, ServiceError
from core.models import AuditEntry
from volunteers import matching, services
from volunteers.models import Invitation, Language, Opportunity, Output, Shift, Skill, Volunteer

from .conftest import birthday

pytestmark = pytest.mark.django_db


def test_posting_records_a_deployment_in_the_engagement_register(post, lewisham):
    opportunity = post()
    activity = Activity.objects.get(pk=opportunity.activity_id)
    assert activity.title.startswith("Volunteer deployment")
    assert list(activity.boroughs.all()) == [lewisham]
    assert activity.starts_at == opportunity.starts_at
    assert AuditEntry.objects.filter(action="volunteer_opportunity.posted").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "  "}, "title"),
        ({"places": 0}, "places"),
        ({"lone_working": True, "contact_officer": ""}, "contact_officer"),
        ({"min_age": 30, "max_age": 20}, "max_age"),
    ],
)
def test_bad_opportunities_are_refused_naming_the_field(post, data, field):
    with pytest.raises(ServiceError) as raised:
        post(**data)
    assert raised.value.field == field
    assert not Opportunity.objects.exists() and not Activity.objects.exists()


def test_a_borough_coordinator_cannot_post_in_another_borough(post, lambeth_coordinator, lewisham):
    with pytest.raises(NotAllowed):
        post(by=lambeth_coordinator, boroughs=[lewisham])


def test_a_borough_coordinator_cannot_post_london_wide(post, lewisham_coordinator):
    with pytest.raises(NotAllowed):
        post(by=lewisham_coordinator, boroughs=[])


def test_the_last_place_cannot_be_taken_twice(post, hub, make_volunteer):
    opportunity = post(places=1)
    first, second = make_volunteer(), make_volunteer()
    a, b = services.invite(by=hub, opportunity=opportunity, volunteers=[first, second])[0]
    services.answer(by=first.user, invitation=a, accept=True)
    with pytest.raises(Conflict, match="every place"):
        services.answer(by=second.user, invitation=b, accept=True)
    b.refresh_from_db()
    assert b.status == Invitation.Status.INVITED
    assert Shift.objects.filter(opportunity=opportunity).count() == 1


def test_an_invitation_is_answered_once_and_only_by_its_volunteer(post, hub, make_volunteer):
    opportunity = post()
    volunteer, other = make_volunteer(), make_volunteer()
    (invitation,), _ = services.invite(by=hub, opportunity=opportunity, volunteers=[volunteer])
    with pytest.raises(NotAllowed):
        services.answer(by=other.user, invitation=invitation, accept=True)
    services.answer(by=volunteer.user, invitation=invitation, accept=True)
    with pytest.raises(Conflict):
        services.answer(by=volunteer.user, invitation=invitation, accept=True)


def test_an_overlapping_shift_is_refused(post, hub, make_volunteer):
    first = post(title="Morning")
    second = post(
        title="Overlapping", starts_at=first.starts_at + timedelta(hours=1), ends_at=first.ends_at + timedelta(hours=1)
    )
    volunteer = make_volunteer()
    (a,), _ = services.invite(by=hub, opportunity=first, volunteers=[volunteer])
    (b,), _ = services.invite(by=hub, opportunity=second, volunteers=[volunteer])
    services.answer(by=volunteer.user, invitation=a, accept=True)
    with pytest.raises(Conflict, match="overlaps"):
        services.answer(by=volunteer.user, invitation=b, accept=True)
    assert not matching.matches(post(title="Later overlap", starts_at=first.starts_at)).filter(pk=volunteer.pk).exists()


def test_expired_vetting_and_cadets_past_18_are_refused(post, hub, make_volunteer):
    opportunity = post(min_vetting=1)
    expired = make_volunteer(vetting_expires_on=timezone.localdate() - timedelta(days=1))
    runs_out = make_volunteer(vetting_expires_on=timezone.localdate() + timedelta(days=2))
    grown = make_volunteer(kind=Volunteer.Kind.CADET, date_of_birth=birthday(18), guardian_name="G", guardian_phone="1")
    young = make_volunteer(kind=Volunteer.Kind.CADET, date_of_birth=birthday(17), guardian_name="G", guardian_phone="1")
    no_guardian = make_volunteer(kind=Volunteer.Kind.CADET, date_of_birth=birthday(16))
    invited, refused = services.invite(
        by=hub, opportunity=opportunity, volunteers=[expired, runs_out, grown, young, no_guardian]
    )
    assert [i.volunteer for i in invited] == [young]
    assert len(refused) == 4
    assert any("18 or over" in r for r in refused)
    assert any("guardian" in r for r in refused)
    assert sum("vetting" in r for r in refused) == 2


def test_under_18s_do_not_work_alone(post, hub, make_volunteer):
    opportunity = post(lone_working=True, contact_officer="PC Demo")
    cadet = make_volunteer(kind=Volunteer.Kind.CADET, date_of_birth=birthday(16), guardian_name="G", guardian_phone="1")
    assert "alone" in matching.refusal(cadet, opportunity)


def test_matching_and_refusal_agree(post, make_volunteer, lambeth):
    first_aid = Skill.objects.create(name="First aid")
    polish = Language.objects.create(name="Polish")
    opportunity = post(skills=[first_aid], language=polish, min_vetting=1, min_age=16, max_age=70)
    adult = birthday(30)
    people = [
        make_volunteer(date_of_birth=adult),
        make_volunteer(vetting_level=0, vetting_expires_on=None, date_of_birth=adult),
        make_volunteer(home_borough=lambeth, date_of_birth=adult),
        make_volunteer(home_borough=lambeth, kind=Volunteer.Kind.MOBILE_HUB, date_of_birth=adult),
        make_volunteer(),  # no date of birth: not known to be under the maximum age
        make_volunteer(available_weekdays=False, available_weekends=False),
        make_volunteer(status=Volunteer.Status.PAUSED),
        make_volunteer(date_of_birth=birthday(80)),
        make_volunteer(date_of_birth=birthday(15)),
        make_volunteer(kind=Volunteer.Kind.CADET, date_of_birth=birthday(17), guardian_name="G", guardian_phone="1"),
        make_volunteer(
            kind=Volunteer.Kind.CADET, date_of_birth=birthday(18, days=-1), guardian_name="G", guardian_phone="1"
        ),
    ]
    for v in people:
        v.skills.add(first_aid)
        v.languages.add(polish)
    found = set(matching.matches(opportunity).values_list("pk", flat=True))
    allowed = {v.pk for v in people if matching.refusal(v, opportunity) is None}
    assert found == allowed
    assert people[0].pk in found and people[1].pk not in found
    assert people[3].pk in found and people[2].pk not in found  # the mobile hub is matched across London
    assert people[9].pk in found and people[10].pk in found  # a cadet turning 18 the day after is still 17
    assert found == {people[0].pk, people[3].pk, people[9].pk, people[10].pk}


def test_check_in_and_out_hours_and_outputs(post, hub, make_volunteer, lewisham, lambeth):
    opportunity = post()
    volunteer = make_volunteer()
    (invitation,), _ = services.invite(by=hub, opportunity=opportunity, volunteers=[volunteer])
    services.answer(by=volunteer.user, invitation=invitation, accept=True)
    shift = invitation.shift
    with pytest.raises(ServiceError, match="two hours"):
        services.check_in(by=volunteer.user, shift=shift)
    with pytest.raises(Conflict):
        services.check_out(by=volunteer.user, shift=shift)
    services.check_in(by=volunteer.user, shift=shift, now=shift.starts_at)
    with pytest.raises(Conflict):
        services.check_in(by=volunteer.user, shift=shift, now=shift.starts_at)
    services.check_out(by=volunteer.user, shift=shift, now=shift.ends_at)
    output = services.record_output(
        by=volunteer.user,
        opportunity=opportunity,
        shift=shift,
        data={"kind": "leaflets", "count": 400, "borough": lewisham},
    )
    assert output.count == 400
    for bad, field in (
        ({"kind": "cakes", "count": 1, "borough": lewisham}, "kind"),
        ({"kind": "leaflets", "count": -1, "borough": lewisham}, "count"),
        ({"kind": "leaflets", "count": 1, "borough": lambeth}, "borough"),
    ):
        with pytest.raises(ServiceError) as raised:
            services.record_output(by=volunteer.user, opportunity=opportunity, shift=shift, data=bad)
        assert raised.value.field == field
    assert Output.objects.count() == 1
    log = services.log_hours(
        by=volunteer.user, volunteer=volunteer, data={"worked_on": timezone.localdate(), "hours": "3.5"}
    )
    for hours in ("0", "25", "nan", "lots"):
        with pytest.raises(ServiceError):
            services.log_hours(
                by=volunteer.user, volunteer=volunteer, data={"worked_on": timezone.localdate(), "hours": hours}
            )
    with pytest.raises(NotAllowed):
        services.approve_hours(by=volunteer.user, log=log)
    services.approve_hours(by=hub, log=log)
    log.refresh_from_db()
    assert log.hours == Decimal("3.50") and log.is_approved


def test_another_volunteer_cannot_check_in_to_a_shift(post, hub, make_volunteer):
    opportunity = post()
    volunteer, other = make_volunteer(), make_volunteer()
    (invitation,), _ = services.invite(by=hub, opportunity=opportunity, volunteers=[volunteer])
    services.answer(by=volunteer.user, invitation=invitation, accept=True)
    with pytest.raises(NotAllowed):
        services.check_in(by=other.user, shift=invitation.shift, now=opportunity.starts_at)


def test_the_database_holds_the_rules(make_volunteer, lewisham):
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.create(name="No birthday", kind=Volunteer.Kind.CADET, home_borough=lewisham)
    volunteer = make_volunteer()
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.filter(pk=volunteer.pk).update(notes="x" * 20_001)
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.filter(pk=volunteer.pk).update(vetting_level=9)


def test_the_database_refuses_lone_working_without_a_contact(post):
    opportunity = post()
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.filter(pk=opportunity.pk).update(lone_working=True, contact_officer="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.filter(pk=opportunity.pk).update(places=0)
