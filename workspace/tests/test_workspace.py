"""The staff workspace: home cards, notifications and record history."""

import re
from typing import Any

import pytest
from django.urls import reverse

from core import audit
from core.models import Notification
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory


def test_home_needs_a_staff_post(client: Any, db: Any) -> None:
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("workspace:home")).status_code == 403


def test_home_shows_your_posts_and_scope(client: Any, officer: Any, ward_team: Any) -> None:
    client.force_login(officer)
    html = client.get(reverse("workspace:home")).content.decode()
    assert "Your posts and scope" in html
    assert ward_team.name in html
    assert "Catford South ward" in html


def test_home_card_counts_unread_notifications(client: Any, officer: Any) -> None:
    Notification.objects.create(user=officer, message="A team asked to be consulted")
    Notification.objects.create(user=officer, message="Old news", read_at="2026-01-01T00:00Z")
    client.force_login(officer)
    html = client.get(reverse("workspace:home")).content.decode()
    assert "<strong>1</strong> unread notification" in html


def test_staff_navigation_lists_registered_links(client: Any, officer: Any) -> None:
    client.force_login(officer)
    html = client.get(reverse("workspace:home")).content.decode()
    assert reverse("organisations:units") in html
    assert reverse("workspace:notifications") in html


def test_notifications_page_lists_only_your_notices(client: Any, officer: Any, administrator: Any) -> None:
    Notification.objects.create(user=officer, message="For the officer")
    Notification.objects.create(user=administrator, message="For the admin")
    client.force_login(officer)
    html = client.get(reverse("workspace:notifications")).content.decode()
    assert "For the officer" in html and "For the admin" not in html


def test_mark_one_notification_as_read(client: Any, officer: Any) -> None:
    n = Notification.objects.create(user=officer, message="Read me")
    other = Notification.objects.create(user=officer, message="Leave me")
    client.force_login(officer)
    response = client.post(reverse("workspace:mark_read"), {"id": n.pk})
    assert response.status_code == 302
    n.refresh_from_db()
    other.refresh_from_db()
    assert n.read_at is not None and other.read_at is None


def test_mark_all_as_read_leaves_other_peoples_notices(client: Any, officer: Any, administrator: Any) -> None:
    Notification.objects.create(user=officer, message="a")
    theirs = Notification.objects.create(user=administrator, message="b")
    client.force_login(officer)
    client.post(reverse("workspace:mark_read"))
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_is_post_only(client: Any, officer: Any) -> None:
    client.force_login(officer)
    assert client.get(reverse("workspace:mark_read")).status_code == 405


def test_history_page_shows_changes_to_readers_of_the_audit(
    client: Any, make_staff: Any, ward_team: Any, lewisham: Any
) -> None:
    reader = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    audit.log(reader, "unit.changed", ward_team, changes={"name": ["Old", "New"]})
    client.force_login(reader)
    response = client.get(reverse("workspace:history", args=["organisations.Unit", ward_team.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "unit.changed" in html and "Old" in html and "New" in html and reader.email in html


def test_history_page_refused_without_view_audit(client: Any, officer: Any, ward_team: Any) -> None:
    client.force_login(officer)
    response = client.get(reverse("workspace:history", args=["organisations.Unit", ward_team.pk]))
    assert response.status_code == 403


def test_history_page_404_for_unknown_model_or_record(client: Any, administrator: Any) -> None:
    client.force_login(administrator)
    assert client.get(reverse("workspace:history", args=["nope.Nothing", 1])).status_code == 404
    assert client.get(reverse("workspace:history", args=["organisations.Unit", 999999])).status_code == 404


def test_history_link_shown_only_to_readers_of_the_audit(
    client: Any, officer: Any, administrator: Any, ward_team: Any
) -> None:
    url = reverse("workspace:history", args=["organisations.Unit", ward_team.pk])
    client.force_login(officer)
    assert url not in client.get(ward_team.get_absolute_url()).content.decode()
    client.force_login(administrator)
    assert url in client.get(ward_team.get_absolute_url()).content.decode()


def test_history_page_of_another_boroughs_record_is_404(
    client: Any, make_staff: Any, ward_team: Any, lewisham: Any, lambeth: Any
) -> None:
    from organisations.tests.factories import UnitFactory

    lambeth_team = UnitFactory(kind="neighbourhood_team", ward=lambeth.wards.first(), borough=lambeth)
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    client.force_login(champion)
    url = reverse("workspace:history", args=["organisations.Unit", lambeth_team.pk])
    assert client.get(url).status_code == 404
    assert url not in client.get(lambeth_team.get_absolute_url()).content.decode()
    own = reverse("workspace:history", args=["organisations.Unit", ward_team.pk])
    assert client.get(own).status_code == 200


def test_history_page_of_a_record_without_a_place_is_for_london_wide_readers(
    client: Any, make_staff: Any, lewisham: Any
) -> None:
    from accounts.tests.factories import UserFactory

    person = UserFactory()
    url = reverse("workspace:history", args=["accounts.User", person.pk])
    client.force_login(make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,)))
    assert client.get(url).status_code == 404
    client.force_login(make_staff(Role.OVERSIGHT_READER, london_wide=True))
    assert client.get(url).status_code == 200


def test_history_page_shows_a_creation_as_the_values_set(client: Any, administrator: Any, ward_team: Any) -> None:
    audit.log(administrator, "unit.created", ward_team, changes={"name": "Tr", "short_name": "ab", "wards": ["A", "B"]})
    audit.log(administrator, "unit.changed", ward_team, changes={"name": ["Tr", "Catford SNT"]})
    client.force_login(administrator)
    html = client.get(reverse("workspace:history", args=["organisations.Unit", ward_team.pk])).content.decode()
    assert "<dd>Tr</dd>" in html and "<dd>ab</dd>" in html and "<dd>A, B</dd>" in html
    assert "T → r" not in html and "a → b" not in html
    assert "<dd>Tr → Catford SNT</dd>" in html


def test_upcoming_activities_of_your_team_are_on_your_home(
    client: Any, officer: Any, ward_team: Any, make_staff: Any
) -> None:
    from activities.tests.factories import ActivityFactory

    ActivityFactory(title="Catford street briefing", organising_unit=ward_team, lead_name="PC Someone Else")
    ActivityFactory(title="Someone else's briefing")
    client.force_login(officer)
    html = client.get(reverse("workspace:home")).content.decode()
    assert "Catford street briefing" in html and "Someone else&#x27;s briefing" not in html


def test_history_page_of_a_malformed_id_is_404(client: Any, administrator: Any) -> None:
    client.force_login(administrator)
    assert client.get(reverse("workspace:history", args=["organisations.Unit", "abc"])).status_code == 404
    assert client.get(reverse("workspace:history", args=["organisations", "1"])).status_code == 404


def test_history_page_is_not_a_window_onto_the_publics_contact_details(client: Any, make_staff: Any) -> None:
    """Any model's name in the URL showed its text: subscribers', deliveries' and sign-in addresses' emails."""
    from alerts.tests.factories import SubscriberFactory

    subscriber = SubscriberFactory(email="resident-history@example.test")
    client.force_login(make_staff(Role.OVERSIGHT_READER, london_wide=True))
    for label, pk in [
        ("alerts.Subscriber", subscriber.pk),
        ("core.AuditEntry", audit.log(None, "unit.created").pk),
        ("sessions.Session", "x"),
    ]:
        response = client.get(reverse("workspace:history", args=[label, pk]))
        assert response.status_code == 404
        assert b"resident-history@example.test" not in response.content


@pytest.mark.parametrize(
    "role",
    [Role.OVERSIGHT_READER, Role.ENGAGEMENT_LEAD, Role.PARTNER, Role.GROUP_OFFICER, Role.NEIGHBOURHOOD_OFFICER],
)
def test_every_link_in_the_staff_menu_opens_for_whoever_sees_it(client: Any, make_staff: Any, ward: Any, role: str):
    """An oversight reader's menu led to 'Issues and priorities', 'Feedback owed' and 'Alerts', each a refusal."""

    user = make_staff(role, unit=UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=ward, borough=ward.borough))
    client.force_login(user)
    html = client.get(reverse("workspace:home")).content.decode()
    menu = html[html.index('aria-label="Staff workspace"') :]
    menu = menu[: menu.index("</nav>")]
    links = re.findall(r'href="([^"]+)"', menu)
    assert len(links) >= 3
    refused = {link: client.get(link).status_code for link in links}
    assert {link: code for link, code in refused.items() if code != 200} == {}
