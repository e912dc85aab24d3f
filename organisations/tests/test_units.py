"""Loading the structure of the service and `ensure_unit`."""

from typing import Any

import pytest
from django.core.management import call_command

from core.models import AuditEntry
from organisations.models import Unit
from organisations.services import ensure_unit
from places.models import Borough, CommandUnit, Ward


@pytest.fixture
def units(london: None) -> None:
    call_command("load_units", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_load_units_creates_a_team_per_ward(units: None) -> None:
    teams = Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM)
    assert teams.count() == Ward.objects.count() == 704
    team = teams.get(ward__name="Catford South")
    assert team.borough.name == "Lewisham"
    assert team.email.endswith("@demo.engagehub.invalid")
    assert team.phone == "101"


def test_load_units_creates_a_unit_per_command_unit(units: None) -> None:
    assert Unit.objects.filter(kind=Unit.Kind.COMMAND_UNIT).count() == CommandUnit.objects.count() == 12


def test_load_units_creates_named_business_groups(units: None) -> None:
    for short in [
        "TP (SN)",
        "SO15",
        "CTSET",
        "CO11",
        "CO15",
        "CO19",
        "CO20",
        "DPA",
        "DCFD",
        "DOI",
        "SRAU",
        "CPIE",
        "CSB",
    ]:
        assert Unit.objects.filter(short_name=short, kind=Unit.Kind.BUSINESS_GROUP).exists(), short
    assert Unit.objects.get(short_name="CTSET").parent.short_name == "SO15"


def test_load_units_creates_oversight_body_and_partners_per_borough(units: None) -> None:
    assert Unit.objects.get(short_name="MOPAC").kind == Unit.Kind.OVERSIGHT_BODY
    boroughs = Borough.objects.count()
    assert Unit.objects.filter(kind=Unit.Kind.LOCAL_AUTHORITY).count() == boroughs
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNITY_SAFETY_PARTNERSHIP).count() == boroughs
    assert Unit.objects.get(kind=Unit.Kind.LOCAL_AUTHORITY, borough__code="E09000023").name == "Lewisham Council"


def test_load_units_twice_changes_nothing(units: None) -> None:
    count = Unit.objects.count()
    call_command("load_units", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Unit.objects.count() == count


def test_ensure_unit_finds_by_short_name(units: None) -> None:
    co11 = Unit.objects.get(short_name="CO11")
    assert ensure_unit(short_name="co11", name="Public Order", kind=Unit.Kind.BUSINESS_GROUP) == co11


def test_ensure_unit_creates_unknown_unit_with_audit(db: Any) -> None:
    parent = ensure_unit(short_name="DOI", name="Directorate of Information", kind=Unit.Kind.BUSINESS_GROUP)
    unit = ensure_unit(short_name="DoI3", name="DoI3", kind=Unit.Kind.BUSINESS_GROUP, parent=parent)
    assert unit.parent == parent
    assert unit.slug == "doi3"
    assert AuditEntry.objects.filter(action="unit.created", object_id=str(unit.pk)).exists()
    assert ensure_unit(short_name="DoI3", name="x", kind=Unit.Kind.BUSINESS_GROUP) == unit


def test_ensure_unit_finds_by_name_when_no_short_name(db: Any) -> None:
    unit = ensure_unit(short_name="", name="Youth Engagement Team", kind=Unit.Kind.BUSINESS_GROUP)
    assert ensure_unit(short_name="", name="youth engagement team", kind=Unit.Kind.BUSINESS_GROUP) == unit


def test_ensure_unit_rejects_unknown_kind(db: Any) -> None:
    from core.errors import ServiceError

    with pytest.raises(ServiceError):
        ensure_unit(short_name="X1", name="X", kind="spaceship")
