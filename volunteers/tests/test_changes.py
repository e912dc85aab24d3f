"""Changing and cancelling an opportunity after volunteers accepted; matching by distance; hours and milestones."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from core.errors import Conflict, NotAllowed, ServiceError
from core.models import AuditEntry
from notifications.models import OutboundEmail
from places import positions
from places.models import Borough
from volunteers import distance, hours, matching, services
from volunteers.models import HoursLog, Opportunity, Shift
from volunteers.services import opportunities as changes

from .conftest import birthday

pytestmark = pytest.mark.django_db


def _accept(hub, opportunity, volunteer):
    (invitation,), _ = services.invite(by=hub, opportunity=opportunity, volunteers=[volunteer])
    services.answer(by=volunteer.user, invitation=invitation, accept=True)
    return invitation


def _data(opportunity, **changed):
    values = {name: getattr(opportunity, name) for name in services.OPPORTUNITY_FIELDS}
    return {**values, **changed}


# ---------------------------------------------------------------- cancelling


def test_cancelling_tells_accepted_volunteers_and_cancels_the_activity(post, hub, make_volunteer):
    opportunity = post()
    accepted, invited = make_volunteer(), make_volunteer()
    _accept(hub, opportunity, accepted)
    services.invite(by=hub, opportunity=opportunity, volunteers=[invited])
    told = changes.cancel_opportunity(by=hub, opportunity=opportunity, reason="Station closed for repairs")
    assert told == 1
    email = OutboundEmail.objects.get(to=accepted.email)
    assert "Cancelled" in email.subject and "Station closed for repairs" in email.text
    assert not OutboundEmail.objects.filter(to=invited.email).exists()
    opportunity.refresh_from_db()
    assert opportunity.is_cancelled and opportunity.cancelled_reason == "Station closed for repairs"
    assert Activity.objects.get(pk=opportunity.activity_id).status == Activity.Status.CANCELLED
    assert not Shift.objects.filter(opportunity=opportunity).exists()
    assert AuditEntry.objects.filter(action="volunteer_opportunity.cancelled").exists()
    with pytest.raises(Conflict):  # nobody answers or is invited to a cancelled opportunity
        services.invite(by=hub, opportunity=opportunity, volunteers=[make_volunteer()])
    with pytest.raises(Conflict):
        changes.cancel_opportunity(by=hub, opportunity=opportunity, reason="again")


def test_cancelling_needs_a_reason_and_the_coordinators_area(post, hub, lambeth_coordinator):
    opportunity = post()
    with pytest.raises(ServiceError) as raised:
        changes.cancel_opportunity(by=hub, opportunity=opportunity, reason="   ")
    assert raised.value.field == "reason"
    with pytest.raises(NotAllowed):
        changes.cancel_opportunity(by=lambeth_coordinator, opportunity=opportunity, reason="Not mine")
    assert not Opportunity.objects.get(pk=opportunity.pk).is_cancelled


def test_an_opportunity_under_way_cannot_be_cancelled(post, hub, make_volunteer):
    start = timezone.now() + timedelta(minutes=30)
    opportunity = post(starts_at=start, ends_at=start + timedelta(hours=2))
    invitation = _accept(hub, opportunity, make_volunteer())
    services.check_in(by=invitation.volunteer.user, shift=invitation.shift)
    with pytest.raises(Conflict):
        changes.cancel_opportunity(by=hub, opportunity=opportunity, reason="Rain")
    assert not Opportunity.objects.get(pk=opportunity.pk).is_cancelled


# ---------------------------------------------------------------- changing


def test_a_new_time_moves_the_shifts_the_activity_and_emails_the_volunteers(post, hub, make_volunteer):
    opportunity = post()
    volunteer = make_volunteer()
    _accept(hub, opportunity, volunteer)
    later = opportunity.starts_at + timedelta(days=1)
    changes.change_opportunity(
        by=hub,
        opportunity=opportunity,
        data=_data(opportunity, starts_at=later, ends_at=later + timedelta(hours=2)),
        boroughs=list(opportunity.boroughs.all()),
    )
    shift = Shift.objects.get(opportunity=opportunity)
    assert shift.starts_at == later and shift.ends_at == later + timedelta(hours=2)
    assert Activity.objects.get(pk=opportunity.activity_id).starts_at == later
    assert "New time" in OutboundEmail.objects.get(to=volunteer.email).subject
    assert AuditEntry.objects.filter(action="volunteer_opportunity.changed").exists()


def test_a_change_an_accepted_volunteer_no_longer_fits_is_refused_and_nothing_saved(post, hub, make_volunteer):
    opportunity = post(min_vetting=1)
    cadet = make_volunteer(
        kind="cadet", date_of_birth=birthday(16), guardian_name="A Guardian", guardian_phone="0", vetting_level=1
    )
    expiring = make_volunteer(vetting_expires_on=opportunity.ends_at.date() + timedelta(days=3))
    _accept(hub, opportunity, cadet)
    _accept(hub, opportunity, expiring)
    title = opportunity.title
    with pytest.raises(Conflict) as raised:  # aged 18+ now excludes the cadet
        changes.change_opportunity(
            by=hub, opportunity=opportunity, data=_data(opportunity, title="Changed", min_age=18), boroughs=[]
        )
    assert cadet.name in raised.value.message
    with pytest.raises(Conflict) as raised:  # a week later: the vetting has run out by then
        later = opportunity.starts_at + timedelta(days=7)
        changes.change_opportunity(
            by=hub,
            opportunity=opportunity,
            data=_data(opportunity, starts_at=later, ends_at=later + timedelta(hours=3)),
            boroughs=list(opportunity.boroughs.all()),
        )
    assert expiring.name in raised.value.message
    with pytest.raises(Conflict):  # fewer places than have been taken
        changes.change_opportunity(
            by=hub,
            opportunity=opportunity,
            data=_data(opportunity, places=1),
            boroughs=list(opportunity.boroughs.all()),
        )
    fresh = Opportunity.objects.get(pk=opportunity.pk)
    assert (fresh.title, fresh.min_age, fresh.places) == (title, None, 2)
    assert Shift.objects.filter(opportunity=opportunity, starts_at=opportunity.starts_at).count() == 2


def test_a_change_onto_another_shift_of_an_accepted_volunteer_is_refused(post, hub, make_volunteer):
    first, second = post(), post()
    later = first.starts_at + timedelta(days=1)
    changes.change_opportunity(
        by=hub,
        opportunity=second,
        data=_data(second, starts_at=later, ends_at=later + timedelta(hours=3)),
        boroughs=list(second.boroughs.all()),
    )
    volunteer = make_volunteer()
    _accept(hub, first, volunteer)
    _accept(hub, Opportunity.objects.get(pk=second.pk), volunteer)
    with pytest.raises(Conflict, match="another shift"):
        changes.change_opportunity(
            by=hub,
            opportunity=second,
            data=_data(second, starts_at=first.starts_at, ends_at=first.ends_at),
            boroughs=list(second.boroughs.all()),
        )


def test_coordinator_pages_refuse_volunteers_and_other_boroughs(client, post, make_volunteer, lambeth_coordinator):
    opportunity = post()
    volunteer = make_volunteer()
    client.force_login(volunteer.user)
    assert client.get(reverse("volunteers:opportunity_edit", args=[opportunity.pk])).status_code == 403
    assert (
        client.post(reverse("volunteers:opportunity_cancel", args=[opportunity.pk]), {"reason": "x"}).status_code == 403
    )
    client.force_login(lambeth_coordinator)
    assert client.get(reverse("volunteers:opportunity_edit", args=[opportunity.pk])).status_code == 404
    assert (
        client.post(reverse("volunteers:opportunity_cancel", args=[opportunity.pk]), {"reason": "x"}).status_code == 404
    )
    assert client.get(reverse("volunteers:hours_report")).status_code == 200  # their own borough's, empty
    assert not Opportunity.objects.get(pk=opportunity.pk).is_cancelled


def test_the_cancel_page_refuses_an_empty_reason_with_400(client, post, hub):
    opportunity = post()
    client.force_login(hub)
    response = client.post(reverse("volunteers:opportunity_cancel", args=[opportunity.pk]), {"reason": ""})
    assert response.status_code == 400
    response = client.post(reverse("volunteers:opportunity_cancel", args=[opportunity.pk]), {"reason": "Rain <b>"})
    assert response.status_code == 302
    page = client.get(reverse("volunteers:opportunity", args=[opportunity.pk])).content.decode()
    assert "Rain &lt;b&gt;" in page and "Fill: volunteers who match" not in page


# ---------------------------------------------------------------- distance


def test_matches_are_nearest_first_with_their_distance(post, hub, make_volunteer, lewisham, lambeth):
    opportunity = post(boroughs=[lewisham])
    far = make_volunteer(name="Far mobile (test)", kind="mobile_hub", home_borough=Borough.objects.get(name="Havering"))
    near = make_volunteer(name="Near mobile (test)", kind="mobile_hub", home_borough=lambeth)
    local = make_volunteer(name="Zed local (test)")
    for volunteer in (far, near, local):
        services.save_volunteer(by=hub, data={}, volunteer=volunteer)  # places them at their home borough
    found = list(matching.matches(opportunity))
    assert [v.pk for v in found] == [local.pk, near.pk, far.pk]
    kms = [distance.km(v.away) for v in found]
    assert kms[0] < 1 < kms[1] < kms[2]
    centres = positions.borough_centres({lewisham.pk, lambeth.pk})
    assert abs(kms[1] - positions.distance_km(centres[lewisham.pk], centres[lambeth.pk])) < 0.5


def test_a_home_postcode_must_be_a_london_one_in_the_home_borough(hub, make_volunteer):
    volunteer = make_volunteer()
    with pytest.raises(ServiceError) as raised:
        services.save_volunteer(by=hub, data={"home_postcode": "EH1 1AA"}, volunteer=volunteer)
    assert raised.value.field == "home_postcode"
    with pytest.raises(ServiceError):
        services.save_volunteer(by=hub, data={"home_postcode": "not a postcode"}, volunteer=volunteer)
    saved = services.save_volunteer(by=hub, data={"home_postcode": "se6 4ru"}, volunteer=volunteer)
    assert saved.home_postcode == "SE64RU" and saved.home_latitude is not None


# ---------------------------------------------------------------- hours and milestones


def test_milestones_by_hours_and_years():
    r = hours.recognition(Decimal("120"), date(2015, 3, 1), date(2026, 2, 28))
    assert (r.hours_reached, r.next_hours, r.hours_to_go) == (100, 250, Decimal("130"))
    assert (r.years, r.years_reached, r.next_years, r.next_years_on) == (10, 10, 20, date(2035, 3, 1))
    fresh = hours.recognition(0, date(2026, 1, 1), date(2026, 2, 1))
    assert fresh.reached == [] and fresh.next_hours == 50 and fresh.next_years == 1


def test_hours_report_totals_and_exports(client, hub, lewisham_coordinator, make_volunteer, lambeth):
    mine, special, theirs = (
        make_volunteer(),
        make_volunteer(kind="special_constable"),
        make_volunteer(home_borough=lambeth),
    )
    today = timezone.localdate()
    for volunteer, amount in ((mine, "20"), (mine, "20"), (mine, "15"), (special, "4"), (theirs, "7")):
        HoursLog.objects.create(
            volunteer=volunteer, worked_on=today, hours=Decimal(amount), approved_at=timezone.now(), approved_by=hub
        )
    HoursLog.objects.create(volunteer=mine, worked_on=today, hours=Decimal("9"))  # waiting: not counted
    client.force_login(lewisham_coordinator)
    page = client.get(reverse("volunteers:hours_report")).content.decode()
    assert mine.name in page and "50 hours" in page and theirs.name not in page
    csv = client.get(reverse("volunteers:hours_csv") + "?by=programme").content.decode()
    assert (
        "Police support volunteer,police_support,55.0,1" in csv and "Special constable,special_constable,4.0,1" in csv
    )
    by_volunteer = client.get(reverse("volunteers:hours_csv") + "?by=volunteer&months=all").content.decode()
    assert mine.name in by_volunteer and theirs.name not in by_volunteer
    assert AuditEntry.objects.filter(action="volunteer.hours_exported").exists()
    xlsx = client.get(reverse("volunteers:hours_xlsx") + "?by=borough")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("volunteers:hours_csv") + "?by=nobody").status_code == 400
    client.force_login(mine.user)
    me = client.get(reverse("volunteers:me")).content.decode()
    assert "50 hours" in me and "more to the 100-hour milestone" in me
    assert client.get(reverse("volunteers:hours_report")).status_code == 403


def test_the_change_page_is_filled_in_and_saves(client, post, hub, lewisham):
    opportunity = post()
    client.force_login(hub)
    url = reverse("volunteers:opportunity_edit", args=[opportunity.pk])
    page = client.get(url).content.decode()
    starts = timezone.localtime(opportunity.starts_at).strftime("%Y-%m-%dT%H:%M")
    ends = timezone.localtime(opportunity.ends_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{starts}"' in page
    form = {
        "title": "Leaflet drop, renamed",
        "description": opportunity.description,
        "method": opportunity.method,
        "unit": opportunity.unit_id,
        "boroughs": [lewisham.pk],
        "starts_at": starts,
        "ends_at": ends,
        "places": "2",
        "min_vetting": "0",
    }
    assert client.post(url, {**form, "places": "99999999999"}).status_code == 400
    assert client.post(url, {**form, "ends_at": starts}).status_code == 400
    assert client.post(url, form).status_code == 302
    assert Opportunity.objects.get(pk=opportunity.pk).title == "Leaflet drop, renamed"


def test_an_opportunity_in_wards_is_posted_shown_changed_and_kept_to_the_coordinators_boroughs(
    client, lewisham_coordinator, lewisham, lambeth, ward
):
    client.force_login(lewisham_coordinator)
    unit = lewisham_coordinator.posts.get().unit
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=10, minute=0)
    form = {
        "title": "Leaflets in Catford South",
        "description": "Crime prevention leaflets door to door.",
        "method": "other",
        "unit": unit.pk,
        "wards": "Catford South",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "places": "3",
        "min_vetting": "0",
    }
    create = reverse("volunteers:opportunity_create")
    lambeth_ward = lambeth.wards.order_by("name").first()
    refused = client.post(create, {**form, "wards": lambeth_ward.code})
    assert refused.status_code == 403 and not Opportunity.objects.exists()
    assert "outside the boroughs you coordinate" in refused.content.decode()
    unknown = client.post(create, {**form, "wards": "Nowhere Green"})
    assert unknown.status_code == 400 and "Unknown ward code or name: Nowhere Green" in unknown.content.decode()
    assert client.post(create, form).status_code == 302
    opportunity = Opportunity.objects.get()
    assert list(opportunity.wards.all()) == [ward] and not opportunity.boroughs.exists()
    assert list(opportunity.activity.wards.all()) == [ward] and not opportunity.activity.london_wide
    assert "Catford South (Lewisham)" in client.get(opportunity.get_absolute_url()).content.decode()
    listed = client.get(reverse("volunteers:opportunities")).content.decode()
    assert "Catford South (Lewisham)" in listed and "London-wide" not in listed

    url = reverse("volunteers:opportunity_edit", args=[opportunity.pk])
    assert 'value="Catford South (Lewisham)"' in client.get(url).content.decode()
    assert client.post(url, {**form, "wards": lambeth_ward.code}).status_code == 403
    assert list(Opportunity.objects.get().wards.all()) == [ward]
    assert client.post(url, {**form, "wards": "", "boroughs": [lewisham.pk]}).status_code == 302
    opportunity.refresh_from_db()
    assert not opportunity.wards.exists() and list(opportunity.boroughs.all()) == [lewisham]
    assert not opportunity.activity.wards.exists()
