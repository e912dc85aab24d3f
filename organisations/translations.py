"""A neighbourhood team's own words on its ward's page (description, contact notes) that staff may translate."""

from core import pagecache, registry
from languages import content
from organisations import permissions
from organisations.models import Unit


def texts(unit: Unit) -> list[registry.SourceText]:
    return [
        content.source_text(unit, "description", "About the team"),
        content.source_text(unit, "contact_notes", "How to reach the team"),
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
