"""The real structure of the service: business groups named in the source documents, command units,
a neighbourhood team per ward, the oversight body and each borough's partners. No personal data."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from organisations.models import Unit
from organisations.services import ensure_unit, unique_unit_slug
from places.models import Borough, CommandUnit, Ward

K = Unit.Kind
# (short name, name, parent short name, description). Parents come first.
BUSINESS_GROUPS: list[tuple[str, str, str, str]] = [
    ("MPS", "Metropolitan Police Service", "", "The police service for Greater London (outside the City)."),
    ("TP", "Territorial Policing", "MPS", "Borough-based policing across London."),
    (
        "TP (SN)",
        "Territorial Policing – Safer Neighbourhoods",
        "TP",
        "Safer Neighbourhoods: a dedicated team for every ward.",
    ),
    ("CPIE", "Crime Prevention, Inclusion and Engagement", "TP", "Crime prevention, inclusion and engagement."),
    ("SO", "Specialist Operations", "MPS", "Protective security and counter-terrorism."),
    ("SO15", "Counter Terrorism Command", "SO", "Counter-terrorism policing in London."),
    (
        "CTSET",
        "Communities Together Strategic Engagement Team",
        "SO15",
        "Strategic engagement with communities on counter-terrorism.",
    ),
    ("CO", "Central Operations", "MPS", "Pan-London operational support."),
    ("CO11", "Public Order Branch", "CO", "Public order policing and events."),
    ("CO15", "Traffic", "CO", "Roads policing and road safety."),
    ("CO19", "Specialist Firearms", "CO", "Specialist firearms command."),
    ("CO20", "Territorial Support", "CO", "Territorial Support Group."),
    ("DPA", "Directorate of Public Affairs", "MPS", "Media, marketing and internal communication."),
    ("DCFD", "Diversity and Citizen Focus Directorate", "MPS", "Diversity, equality and citizen focus."),
    ("DOI", "Directorate of Information", "MPS", "Information and technology services."),
    ("SRAU", "Strategy Research and Analysis Unit", "MPS", "Research, surveys and analysis."),
    (
        "CSB",
        "Confidence & Satisfaction Board",
        "MPS",
        "A pan-London board with cross-business group membership that oversees the engagement action plan.",
    ),
]


def local_authority_name(borough: Borough) -> str:
    if borough.code == "E09000001":
        return "City of London Corporation"
    return f"{borough.name} Council"


def _ward_team_slug(ward: Ward) -> str:
    return slugify(f"{ward.name} {ward.borough.name}")


def _update(unit: Unit, **values: Any) -> None:
    changed = [k for k, v in values.items() if getattr(unit, f"{k}_id" if k in _FKS else k) != _key(v)]
    if changed:
        for k in changed:
            setattr(unit, k, values[k])
        unit.save(update_fields=changed)


_FKS = {"parent", "command_unit", "borough", "ward"}


def _key(value: Any) -> Any:
    return getattr(value, "pk", value)


@transaction.atomic
def load_units() -> dict[str, int]:
    """Create or update every unit of the real structure; returns counts by kind. Safe to run again."""
    before = Unit.objects.count()
    by_short: dict[str, Unit] = {}
    for short, name, parent_short, description in BUSINESS_GROUPS:
        unit = ensure_unit(
            short_name=short, name=name, kind=K.BUSINESS_GROUP, parent=by_short.get(parent_short), by="load_units"
        )
        if not unit.description:
            _update(unit, description=description)
        by_short[short] = unit

    oversight = ensure_unit(
        short_name="MOPAC",
        name="Mayor's Office for Policing and Crime",
        kind=K.OVERSIGHT_BODY,
        by="load_units",
        description="Oversees the Metropolitan Police Service; successor to the Metropolitan Police Authority (MPA).",
    )
    by_short["MOPAC"] = oversight
    ensure_unit(
        short_name="MPA",
        name="Metropolitan Police Authority",
        kind=K.OVERSIGHT_BODY,
        by="load_units",
        description="The police authority for London until January 2012, when MOPAC took over its duties.",
        is_active=False,
    )
    ensure_unit(
        short_name="CoLP",
        name="City of London Police",
        kind=K.PARTNER,
        by="load_units",
        description="Polices the Square Mile; a partner of the Metropolitan Police Service.",
    )

    tp = by_short["TP"]
    command_units: dict[int, Unit] = {}
    for cu in CommandUnit.objects.all():
        unit = Unit.objects.filter(kind=K.COMMAND_UNIT, command_unit=cu).first() or ensure_unit(
            short_name=f"{cu.name} BCU",
            name=f"{cu.name} Basic Command Unit",
            kind=K.COMMAND_UNIT,
            parent=tp,
            by="load_units",
            command_unit=cu,
        )
        _update(unit, command_unit=cu)
        command_units[cu.pk] = unit

    existing_teams = {u.ward_id: u for u in Unit.objects.filter(kind=K.NEIGHBOURHOOD_TEAM, ward__isnull=False)}
    city_police = Unit.objects.get(short_name="CoLP")
    new_teams = []
    taken = set(Unit.objects.values_list("slug", flat=True))
    for ward in Ward.objects.select_related("borough").order_by("borough__name", "name"):
        parent = command_units.get(ward.borough.command_unit_id or 0) or city_police
        if ward.pk in existing_teams:
            _update(existing_teams[ward.pk], borough=ward.borough, parent=parent)
            continue
        slug = base = _ward_team_slug(ward)
        n = 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        new_teams.append(
            Unit(
                name=f"{ward.name} Safer Neighbourhood Team",
                short_name="",
                slug=slug,
                kind=K.NEIGHBOURHOOD_TEAM,
                parent=parent,
                borough=ward.borough,
                ward=ward,
                command_unit_id=ward.borough.command_unit_id,
                email=f"{slug}.snt@demo.engagehub.invalid",
                phone="101",
                description=f"The Safer Neighbourhood team for {ward.name} ward, {ward.borough.name}.",
                contact_notes="Demo contact details. In an emergency always call 999.",
            )
        )
    Unit.objects.bulk_create(new_teams, batch_size=500)

    for borough in Borough.objects.all():
        la = Unit.objects.filter(kind=K.LOCAL_AUTHORITY, borough=borough).first()
        if la is None:
            Unit.objects.create(
                name=local_authority_name(borough),
                slug=unique_unit_slug(local_authority_name(borough)),
                kind=K.LOCAL_AUTHORITY,
                borough=borough,
                description=f"The local authority for {borough.name}.",
            )
        csp = Unit.objects.filter(kind=K.COMMUNITY_SAFETY_PARTNERSHIP, borough=borough).first()
        if csp is None:
            name = f"{borough.name} Community Safety Partnership"
            Unit.objects.create(
                name=name,
                slug=unique_unit_slug(name),
                kind=K.COMMUNITY_SAFETY_PARTNERSHIP,
                borough=borough,
                description=(
                    f"The police, {local_authority_name(borough)} and other local services working together "
                    f"to reduce crime in {borough.name}."
                ),
            )
    counts = {kind: Unit.objects.filter(kind=kind).count() for kind in K.values}
    counts["created"] = Unit.objects.count() - before
    return counts
