"""A neighbourhood team's own words on its ward's page (description, contact notes) that staff may translate."""

from core import pagecache, registry
from organisations import permissions
from organisations.models import Unit


def texts(unit: Unit) -> list[registry.SourceText]:
    return [
        registry.SourceText.of(unit, "description", "About the team"),
        registry.SourceText.of(unit, "contact_notes", "How to reach the team"),
    ]


def changed(unit: Unit) -> None:
    pagecache.invalidate(
        wards=[unit.ward_id] if unit.ward_id else [], boroughs=[unit.borough_id] if unit.borough_id else []
    )


def register() -> None:
    registry.translatable.add(
        registry.TranslatableKind(
            kind="team",
            label="Neighbourhood team",
            order=5,
            model=Unit,
            editable=permissions.translatable_teams,
            texts=texts,
            describe=lambda unit: unit.name,
            back_url=lambda unit: unit.get_absolute_url(),
            changed=changed,
            everything=lambda: Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward__isnull=False),
        )
    )
