"""Named rules (django-rules) built on the scope functions."""

from typing import Any

from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory


def test_administrator_may_change_any_unit(administrator: Any, ward_team: Any) -> None:
    assert administrator.has_perm("organisations.change_unit", ward_team)
    assert administrator.has_perm("organisations.add_unit")


def test_borough_administrator_may_change_units_in_their_borough_only(
    make_staff: Any, ward_team: Any, other_ward: Any, lewisham: Any
) -> None:
    admin = make_staff(Role.ADMINISTRATOR, boroughs=(lewisham,))
    lambeth_team = UnitFactory(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=other_ward, borough=other_ward.borough)
    assert admin.has_perm("organisations.change_unit", ward_team)
    assert not admin.has_perm("organisations.change_unit", lambeth_team)
    assert not admin.has_perm("organisations.change_unit", UnitFactory(kind=Unit.Kind.BUSINESS_GROUP))


def test_officer_may_not_change_their_own_unit(officer: Any, ward_team: Any) -> None:
    assert not officer.has_perm("organisations.change_unit", ward_team)
    assert officer.has_perm("organisations.view_unit")


def test_capability_rule_checks_the_place(officer: Any, ward: Any, other_ward: Any) -> None:
    assert officer.has_perm("organisations.plan_activity", ward)
    assert not officer.has_perm("organisations.plan_activity", other_ward)
    assert not officer.has_perm("organisations.view_audit", ward)
    assert officer.has_perm("organisations.send_alerts", ward.borough) is False
