"""The permission matrix: each role holds exactly its capabilities, and only within its scope."""

from typing import Any

import pytest

from organisations.models import Role, Unit
from organisations.scope import Capability, can_act_in, has_capability, scope_for
from organisations.tests.factories import UnitFactory

C = Capability
EXPECTED: dict[str, set[Capability]] = {
    Role.NEIGHBOURHOOD_OFFICER: {
        C.WORKSPACE,
        C.PLAN_ACTIVITY,
        C.MANAGE_PRIORITIES,
        C.CONTACT_REPORTERS,
        C.PUBLISH_FEEDBACK,
        C.MANAGE_GROUPS,
        C.SEND_ALERTS,
    },
    Role.ENGAGEMENT_LEAD: {C.WORKSPACE, C.PLAN_ACTIVITY, C.PUBLISH_FEEDBACK, C.RUN_CONSULTATIONS, C.MANAGE_PLANS},
    Role.BOROUGH_CHAMPION: {
        C.WORKSPACE,
        C.PLAN_ACTIVITY,
        C.COORDINATE,
        C.MANAGE_PRIORITIES,
        C.CONTACT_REPORTERS,
        C.PUBLISH_FEEDBACK,
        C.MANAGE_GROUPS,
        C.SEND_ALERTS,
        C.RUN_CONSULTATIONS,
        C.MANAGE_FUNDING,
        C.READ_ALL,
        C.READ_EQUALITY,
        C.VIEW_AUDIT,
        C.READ_TENSION,
        C.LEAD_TENSION,
        C.COORDINATE_VOLUNTEERS,
    },
    Role.CENTRAL_CHAMPION: {
        C.WORKSPACE,
        C.PLAN_ACTIVITY,
        C.COORDINATE,
        C.MANAGE_PRIORITIES,
        C.CONTACT_REPORTERS,
        C.PUBLISH_FEEDBACK,
        C.MANAGE_GROUPS,
        C.SEND_ALERTS,
        C.RUN_CONSULTATIONS,
        C.MANAGE_PLANS,
        C.MANAGE_FUNDING,
        C.READ_ALL,
        C.READ_EQUALITY,
        C.VIEW_AUDIT,
        C.READ_TENSION,
        C.LEAD_TENSION,
        C.COORDINATE_VOLUNTEERS,
    },
    # never who raised an issue; applies for funding for its own groups, never decides it
    Role.GROUP_OFFICER: {C.WORKSPACE, C.MANAGE_GROUPS, C.MANAGE_PRIORITIES, C.APPLY_FUNDING},
    Role.OVERSIGHT_READER: {C.WORKSPACE, C.READ_ALL, C.READ_EQUALITY, C.VIEW_AUDIT, C.VIEW_AUDIT_NAMES},
    Role.PARTNER: {C.WORKSPACE, C.SHARE_PARTNER_ACTIVITY, C.CONTRIBUTE_TENSION},
    Role.ADMINISTRATOR: set(Capability),
}

# role -> (how the post is set up, covers Catford South, covers another Lewisham ward, covers Brixton Windrush)
SCOPES: dict[str, tuple[str, bool, bool, bool]] = {
    Role.NEIGHBOURHOOD_OFFICER: ("ward team, no explicit places", True, False, False),
    Role.ENGAGEMENT_LEAD: ("South East command unit, no explicit places", True, True, False),
    Role.BOROUGH_CHAMPION: ("borough: Lewisham", True, True, False),
    Role.CENTRAL_CHAMPION: ("London-wide", True, True, True),
    Role.GROUP_OFFICER: ("ward: Catford South", True, False, False),
    Role.OVERSIGHT_READER: ("oversight body, no explicit places", True, True, True),
    Role.PARTNER: ("Lewisham local authority, no explicit places", True, True, False),
    Role.ADMINISTRATOR: ("London-wide", True, True, True),
}


def _staff_for(role: str, make_staff: Any, ward: Any, ward_team: Any) -> Any:
    lewisham = ward.borough
    if role == Role.NEIGHBOURHOOD_OFFICER:
        return make_staff(role, unit=ward_team)
    if role == Role.ENGAGEMENT_LEAD:
        cu = UnitFactory(kind=Unit.Kind.COMMAND_UNIT, command_unit=lewisham.command_unit)
        return make_staff(role, unit=cu)
    if role == Role.BOROUGH_CHAMPION:
        return make_staff(role, boroughs=(lewisham,))
    if role == Role.GROUP_OFFICER:
        return make_staff(role, wards=(ward,))
    if role == Role.OVERSIGHT_READER:
        return make_staff(role, unit=UnitFactory(kind=Unit.Kind.OVERSIGHT_BODY))
    if role == Role.PARTNER:
        return make_staff(role, unit=UnitFactory(kind=Unit.Kind.LOCAL_AUTHORITY, borough=lewisham))
    return make_staff(role, london_wide=True)


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("capability", list(Capability))
def test_role_holds_exactly_its_capabilities(
    role: str, capability: Capability, make_staff: Any, ward: Any, ward_team: Any
) -> None:
    user = _staff_for(role, make_staff, ward, ward_team)
    assert has_capability(user, capability) is (capability in EXPECTED[role])


@pytest.mark.parametrize("role", list(SCOPES))
def test_role_acts_only_within_its_scope(
    role: str, make_staff: Any, ward: Any, ward_team: Any, other_ward: Any
) -> None:
    user = _staff_for(role, make_staff, ward, ward_team)
    _, here, same_borough, elsewhere = SCOPES[role]
    neighbour = ward.borough.wards.exclude(pk=ward.pk).first()
    for capability in EXPECTED[role]:
        assert can_act_in(user, capability, wards=[ward]) is here, capability
        assert can_act_in(user, capability, wards=[neighbour]) is same_borough, capability
        assert can_act_in(user, capability, wards=[other_ward]) is elsewhere, capability


@pytest.mark.parametrize("role", list(EXPECTED))
def test_capability_the_role_lacks_gives_no_scope_anywhere(
    role: str, make_staff: Any, ward: Any, ward_team: Any
) -> None:
    user = _staff_for(role, make_staff, ward, ward_team)
    for capability in set(Capability) - EXPECTED[role]:
        assert scope_for(user, capability).is_empty
        assert not can_act_in(user, capability, wards=[ward])


def test_lewisham_officer_cannot_act_in_a_lambeth_ward(officer: Any, other_ward: Any) -> None:
    assert not can_act_in(officer, Capability.PLAN_ACTIVITY, wards=[other_ward])


def test_borough_champion_covers_every_ward_of_the_borough_and_no_other(
    make_staff: Any, lewisham: Any, lambeth: Any
) -> None:
    champion = make_staff(Role.BOROUGH_CHAMPION, boroughs=(lewisham,))
    scope = scope_for(champion, Capability.COORDINATE)
    assert set(scope.wards().values_list("pk", flat=True)) == set(lewisham.wards.values_list("pk", flat=True))
    assert not any(scope.covers_ward(w.pk, w.borough_id) for w in lambeth.wards.all())


def test_post_without_places_defaults_to_its_units_area(make_staff: Any, ward_team: Any, ward: Any) -> None:
    user = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    assert scope_for(user, Capability.SEND_ALERTS).all_ward_ids() == {ward.pk}


def test_ended_post_gives_no_capability(make_staff: Any, ward_team: Any) -> None:
    import datetime

    user = make_staff(Role.NEIGHBOURHOOD_OFFICER, unit=ward_team)
    user.posts.update(ends_on=datetime.date(2000, 1, 1))
    assert not has_capability(user, Capability.WORKSPACE)


def test_member_of_the_public_has_no_capability(db: Any) -> None:
    from accounts.tests.factories import UserFactory

    person = UserFactory()
    assert not any(has_capability(person, c) for c in Capability)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_only_administrators_reach_the_add_unit_page_and_api(
    role: str, client: Any, make_staff: Any, ward: Any, ward_team: Any
) -> None:
    from accounts.services import create_api_token

    user = _staff_for(role, make_staff, ward, ward_team)
    client.force_login(user)
    allowed = role == Role.ADMINISTRATOR
    assert client.get("/organisations/new/").status_code == (200 if allowed else 403)
    assert client.get("/staff/").status_code == 200  # every role reaches the workspace
    _, raw = create_api_token(user=user, name="matrix")
    client.logout()
    response = client.post(
        "/api/v1/organisations/units",
        {"name": f"Unit by {role}", "kind": "business_group"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == (201 if allowed else 403)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_history_page_follows_view_audit(role: str, client: Any, make_staff: Any, ward: Any, ward_team: Any) -> None:
    user = _staff_for(role, make_staff, ward, ward_team)
    client.force_login(user)
    response = client.get(f"/staff/history/organisations.Unit/{ward_team.pk}/")
    assert response.status_code == (200 if C.VIEW_AUDIT in EXPECTED[role] else 403)
