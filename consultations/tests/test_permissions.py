"""Consultations' permissions live in `consultations.permissions`; pages, API and exports ask the same rules."""

import pytest
import rules
from django.urls import reverse

from consultations import permissions, queries
from consultations.tests.factories import build_survey
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_consultation_rules_are_named_predicates_in_permissions_only():
    for name in ("consultations.add_consultation", "consultations.change_consultation", "consultations.view_results"):
        assert rules.perm_exists(name)
    for helper in ("can_run", "can_read_results", "_in_scope"):
        assert not hasattr(queries, helper), f"consultations.queries.{helper} should live in consultations.permissions"


@pytest.mark.parametrize("where", ["lewisham", "lambeth"])
@pytest.mark.parametrize("role", [Role.BOROUGH_CHAMPION, Role.OVERSIGHT_READER, Role.ENGAGEMENT_LEAD])
def test_results_page_export_and_api_follow_one_rule(client, make_staff, lewisham, lambeth, role, where):
    borough = {"lewisham": lewisham, "lambeth": lambeth}[where]
    c, _ = build_survey(boroughs=[lewisham])
    user = make_staff(role, unit=UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=borough), boroughs=[borough])
    allowed = permissions.can_read_results(user, c)
    client.force_login(user)
    page = client.get(reverse("consultations:analysis", args=[c.pk])).status_code
    export = client.get(reverse("consultations:export", args=[c.pk, "csv"])).status_code
    api = client.get(f"/api/v1/consultations/{c.slug}/results").status_code
    assert (page == 200, export == 200, api == 200) == (allowed, allowed, allowed)
    assert allowed == (where == "lewisham")


def test_the_staff_list_holds_exactly_the_consultations_the_user_may_open(client, make_staff, lewisham, lambeth):
    from consultations.tests.factories import ConsultationFactory

    catford = lewisham.wards.first()
    brixton = lambeth.wards.first()
    inside = [ConsultationFactory(boroughs=[lewisham]), ConsultationFactory(wards=[catford])]
    outside = [
        ConsultationFactory(boroughs=[lewisham, lambeth]),  # reaches beyond the champion's borough
        ConsultationFactory(wards=[catford, brixton]),
        ConsultationFactory(boroughs=[lambeth]),
        ConsultationFactory(london_wide=True),
        ConsultationFactory(),  # no place at all
    ]
    champion = make_staff(
        Role.BOROUGH_CHAMPION, unit=UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lewisham), boroughs=[lewisham]
    )
    listed = set(queries.staff_consultations(champion))
    assert listed == set(inside)
    for c in inside + outside:
        assert permissions.can_read_results(champion, c) == (c in listed)
    client.force_login(champion)
    page = client.get(reverse("consultations:staff_list")).content.decode()
    for c in inside:
        assert reverse("consultations:manage", args=[c.pk]) in page
        assert client.get(reverse("consultations:manage", args=[c.pk])).status_code == 200
    for c in outside:
        assert reverse("consultations:manage", args=[c.pk]) not in page
