"""Pages: who reaches what, what they see, and bad input answered with a 4xx."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from volunteers import services
from volunteers.models import Invitation, Opportunity, Output, Volunteer

pytestmark = pytest.mark.django_db


def _accepted(post, hub, volunteer):
    opportunity = post()
    (invitation,), _ = services.invite(by=hub, opportunity=opportunity, volunteers=[volunteer])
    services.answer(by=volunteer.user, invitation=invitation, accept=True)
    return invitation.shift


@pytest.mark.parametrize(
    "name,args",
    [
        ("volunteers:list", []),
        ("volunteers:me", []),
        ("volunteers:shift", [1]),
        ("volunteers:campaign", [1]),
        ("volunteers:outputs", []),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_volunteer_has_no_staff_pages(client, make_volunteer):
    volunteer = make_volunteer()
    client.force_login(volunteer.user)
    assert client.get(reverse("volunteers:list")).status_code == 403
    assert client.get(reverse("volunteers:outputs")).status_code == 403
    assert client.get(reverse("volunteers:me")).status_code == 200


def test_a_volunteers_account_page_leads_to_their_volunteering(client, make_volunteer, hub):
    volunteer = make_volunteer()
    client.force_login(volunteer.user)
    html = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("volunteers:me")}"' in html
    client.force_login(hub)  # staff who volunteer nowhere are not offered it
    assert reverse("volunteers:me") not in client.get(reverse("accounts:home")).content.decode()


def test_a_volunteer_opening_another_volunteers_shift_gets_404(client, post, hub, make_volunteer):
    mine, theirs = make_volunteer(), make_volunteer()
    their_shift = _accepted(post, hub, theirs)
    client.force_login(mine.user)
    assert client.get(reverse("volunteers:shift", args=[their_shift.pk])).status_code == 404
    assert client.post(reverse("volunteers:check_in", args=[their_shift.pk])).status_code == 404
    assert (
        client.post(reverse("volunteers:shift_output", args=[their_shift.pk]), {"kind": "leaflets"}).status_code == 404
    )
    their_shift.refresh_from_db()
    assert their_shift.checked_in_at is None


def test_a_coordinator_of_another_borough_gets_404(client, post, lambeth_coordinator, make_volunteer):
    volunteer = make_volunteer()  # Lewisham
    opportunity = post()  # Lewisham
    client.force_login(lambeth_coordinator)
    assert client.get(reverse("volunteers:volunteer", args=[volunteer.pk])).status_code == 404
    assert client.get(reverse("volunteers:opportunity", args=[opportunity.pk])).status_code == 404
    response = client.post(
        reverse("volunteers:opportunity_invite", args=[opportunity.pk]), {"volunteers": [volunteer.pk]}
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()
    listing = client.get(reverse("volunteers:list"))
    assert volunteer.name not in listing.content.decode()


def test_a_borough_coordinator_sees_their_own(client, post, lewisham_coordinator, make_volunteer):
    volunteer = make_volunteer(name="<script>alert(1)</script> Jones")
    opportunity = post()
    client.force_login(lewisham_coordinator)
    listing = client.get(reverse("volunteers:list"), {"q": "Jones"})
    assert "&lt;script&gt;" in listing.content.decode()
    page = client.get(reverse("volunteers:opportunity", args=[opportunity.pk]))
    assert page.status_code == 200 and "Jones" in page.content.decode()
    response = client.post(
        reverse("volunteers:opportunity_invite", args=[opportunity.pk]), {"volunteers": [volunteer.pk]}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(volunteer=volunteer).exists()


def test_posting_an_opportunity_through_the_page(client, hub, hub_unit, lewisham):
    client.force_login(hub)
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=10, minute=0)
    data = {
        "title": "Bike marking",
        "description": "Marking bikes at the station.",
        "method": "other",
        "unit": hub_unit.pk,
        "boroughs": [lewisham.pk],
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "places": "4",
        "min_vetting": "0",
    }
    bad = client.post(reverse("volunteers:opportunity_create"), {**data, "places": "0"})
    assert bad.status_code == 400 and not Opportunity.objects.exists()
    bad = client.post(reverse("volunteers:opportunity_create"), {**data, "lone_working": "on"})
    assert bad.status_code == 400 and "contact officer" in bad.content.decode()
    bad = client.post(reverse("volunteers:opportunity_create"), {**data, "ends_at": data["starts_at"]})
    assert bad.status_code == 400
    response = client.post(reverse("volunteers:opportunity_create"), data)
    assert response.status_code == 302
    assert Opportunity.objects.get().activity is not None


def test_the_volunteers_journey_by_pages(client, post, hub, make_volunteer, lewisham):
    volunteer = make_volunteer()
    opportunity = post()
    (invitation,), _ = services.invite(by=hub, opportunity=opportunity, volunteers=[volunteer])
    client.force_login(volunteer.user)
    assert opportunity.title in client.get(reverse("volunteers:me")).content.decode()
    assert client.post(reverse("volunteers:answer", args=[invitation.pk]), {"answer": "maybe"}).status_code == 302
    assert client.post(reverse("volunteers:answer", args=[invitation.pk]), {"answer": "accept"}).status_code == 302
    again = client.post(reverse("volunteers:answer", args=[invitation.pk]), {"answer": "accept"})
    assert again.status_code == 409
    shift = Invitation.objects.get(pk=invitation.pk).shift
    early = client.post(reverse("volunteers:check_in", args=[shift.pk]))
    assert early.status_code == 400
    bad = client.post(
        reverse("volunteers:shift_output", args=[shift.pk]), {"kind": "leaflets", "count": "-3", "borough": lewisham.pk}
    )
    assert bad.status_code == 400 and not Output.objects.exists()
    good = client.post(
        reverse("volunteers:shift_output", args=[shift.pk]),
        {"kind": "leaflets", "count": "250", "borough": lewisham.pk},
    )
    assert good.status_code == 302 and Output.objects.get().count == 250
    today = timezone.localdate()
    hours = {"worked_on_day": today.day, "worked_on_month": today.month, "worked_on_year": today.year, "hours": "30"}
    assert client.post(reverse("volunteers:hours"), hours).status_code == 400
    assert client.post(reverse("volunteers:hours"), {**hours, "hours": "2.5"}).status_code == 302


def test_a_signed_in_person_without_a_volunteer_record_gets_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("volunteers:me")).status_code == 404


def test_outputs_report_speaks_the_board_updates_words_and_exports(
    client, post, hub, lewisham, lambeth, make_volunteer
):
    opportunity = post(boroughs=[])
    for borough, n in ((lewisham, 1000), (lambeth, 455)):
        services.record_output(
            by=hub, opportunity=opportunity, data={"kind": "leaflets", "count": n, "borough": borough}
        )
    volunteer = make_volunteer()
    log = services.log_hours(by=hub, volunteer=volunteer, data={"worked_on": timezone.localdate(), "hours": "4"})
    services.approve_hours(by=hub, log=log)
    client.force_login(hub)
    page = client.get(reverse("volunteers:outputs")).content.decode()
    assert "1,455 leaflets delivered across 2 boroughs over the last 3 months" in page
    assert "Approved hours" in page and ">4.0<" in page
    assert "<table" in page and "<svg" in page
    csv = client.get(reverse("volunteers:outputs_csv"))
    assert csv.status_code == 200 and b"Leaflets delivered" in csv.content
    xlsx = client.get(reverse("volunteers:outputs_xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_expiring_vetting_list_and_card(client, lewisham_coordinator, make_volunteer):
    soon = make_volunteer(vetting_expires_on=timezone.localdate() + timedelta(days=30))
    later = make_volunteer(vetting_expires_on=timezone.localdate() + timedelta(days=90))
    client.force_login(lewisham_coordinator)
    page = client.get(reverse("volunteers:vetting")).content.decode()
    assert soon.name in page and later.name not in page
    home = client.get(reverse("workspace:home")).content.decode()
    assert "1 volunteer with vetting running out within 60 days" in home


def test_adding_a_volunteer_through_the_page(client, lewisham_coordinator, lewisham, lambeth):
    client.force_login(lewisham_coordinator)
    data = {"name": "Ada Test", "kind": "cadet", "home_borough": lewisham.pk, "status": "active", "vetting_level": "0"}
    response = client.post(reverse("volunteers:volunteer_create"), data)
    assert response.status_code == 400 and "date of birth" in response.content.decode()
    response = client.post(
        reverse("volunteers:volunteer_create"), {**data, "home_borough": lambeth.pk, "kind": "community"}
    )
    assert response.status_code == 400
    response = client.post(reverse("volunteers:volunteer_create"), {**data, "kind": "community"})
    assert response.status_code == 302 and Volunteer.objects.get().name == "Ada Test"
