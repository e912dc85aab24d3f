"""Alerts' permissions live in `alerts.permissions`; the staff pages, the API and the card ask the same rules."""

import pytest
import rules
from django.urls import reverse

from alerts import permissions
from alerts.tests.factories import MessageFactory
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_alert_rules_are_registered_predicates():
    for name in ("alerts.add_message", "alerts.view_message", "alerts.answer_question"):
        assert rules.perm_exists(name)


@pytest.mark.parametrize("who", ["officer", "stranger", "reader"])
def test_message_page_and_api_follow_one_rule(client, make_staff, officer, ward, other_ward, who):
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    user = {
        "officer": officer,
        "stranger": make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="stranger@police.example.test"),
        "reader": make_staff(Role.OVERSIGHT_READER, london_wide=True, email="reader@oversight.example.test"),
    }[who]
    message = MessageFactory(wards=[ward])
    allowed = permissions.sends_alerts(user) and permissions.can_see_message(user, message)
    assert allowed == (who == "officer")
    client.force_login(user)
    page = client.get(reverse("alerts:message_detail", args=[message.pk])).status_code
    api = client.get(f"/api/v1/alerts/messages/{message.pk}").status_code
    listed = message.subject in client.get(reverse("alerts:message_list")).content.decode()
    api_list = client.get("/api/v1/alerts/messages")
    api_listed = api_list.status_code == 200 and message.pk in [m["id"] for m in api_list.json()["results"]]
    assert (page == 200, api == 200, listed, api_listed) == (allowed,) * 4
