"""Feedback's permissions live in `feedback.permissions`; its pages, staff list and service ask the same rule."""

import pytest
import rules
from django.urls import reverse

from core.errors import NotAllowed
from feedback import permissions, services
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(ward, officer):
    return services.ensure_record(
        subject=ward, by=officer, title="Street safety", asked="What worries you?", wards=[ward]
    )


@pytest.fixture
def stranger(make_staff, other_ward):
    team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    return make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=team, email="stranger@police.example.test")


def test_feedback_rule_is_a_named_predicate_in_permissions_only():
    assert rules.perm_exists("feedback.change_feedbackrecord")
    assert not hasattr(services, "can_edit"), "feedback.services.can_edit should live in feedback.permissions"


@pytest.mark.parametrize("who", ["officer", "stranger"])
def test_page_staff_list_and_service_follow_one_rule(client, record, who, request):
    user = request.getfixturevalue(who)
    allowed = permissions.can_edit(user, record)
    assert allowed == (who == "officer")
    client.force_login(user)
    page = client.get(reverse("feedback:add_entry", args=[record.pk])).status_code
    listed = record.title in client.get(reverse("feedback:staff_list") + "?state=all").content.decode()
    detail_link = (
        reverse("feedback:add_entry", args=[record.pk]) in client.get(record.get_absolute_url()).content.decode()
    )
    try:
        services.add_entry(record=record, by=user, kind="said", text="Thirty came")
        served = True
    except NotAllowed:
        served = False
    assert (page == 200, listed, detail_link, served) == (allowed, allowed, allowed, allowed)
