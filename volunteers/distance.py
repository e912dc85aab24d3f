"""How far a volunteer lives from an opportunity: their home point (postcode centre, else home borough's centre)
to the nearest of the opportunity's places (each ward's centre; a borough chosen without its wards: its centre).

The matching query orders by a flat-earth squared distance computed in the database (cheap over 20,000 rows,
and ordered the same as the true distance at London's scale); pages show kilometres from `places.positions`.
"""

import math
from typing import Any

from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.functions import Least

from core.errors import ServiceError
from places import positions
from places.models import Postcode
from places.services import LONDON_POSTCODE_AREAS, display_postcode, normalise_postcode
from volunteers.models import Opportunity, Volunteer

KM_PER_DEGREE = 111.32
Point = positions.Point


def clean_postcode(text: str, borough_id: int | None) -> str:
    """A home postcode in the compact form; refused when it is not a London postcode or lies in another borough."""
    if not (text or "").strip():
        return ""
    try:
        compact = normalise_postcode(text)
    except ServiceError as exc:
        raise ServiceError(exc.message, field="home_postcode") from exc
    area = "".join(c for c in compact[:2] if c.isalpha())
    if area not in LONDON_POSTCODE_AREAS:
        raise ServiceError(f"{display_postcode(compact)} is not a London postcode.", field="home_postcode")
    known = Postcode.objects.filter(postcode=compact).select_related("borough").first()
    if known is not None and known.borough_id is not None and borough_id and known.borough_id != borough_id:
        raise ServiceError(
            f"{display_postcode(compact)} is in {known.borough}: change the home borough or the postcode.",
            field="home_postcode",
        )
    return compact


def home_position(volunteer: Volunteer) -> Point | None:
    if volunteer.home_postcode:
        found = positions.postcode_position(volunteer.home_postcode)
        if found is not None:
            return found
    return positions.borough_centres({volunteer.home_borough_id}).get(volunteer.home_borough_id)


def opportunity_points(opportunity: Opportunity) -> list[Point]:
    """The centres of an opportunity's places; none for a London-wide one."""
    wards = list(opportunity.wards.values_list("pk", "borough_id"))
    with_wards = {b for _, b in wards}
    boroughs = [pk for pk in opportunity.boroughs.values_list("pk", flat=True) if pk not in with_wards]
    points = list(positions.ward_centres({pk for pk, _ in wards}).values())
    points += list(positions.borough_centres(boroughs).values())
    return points


def annotate(qs: QuerySet[Volunteer], points: list[Point]) -> QuerySet[Volunteer]:
    """Add `away`: the squared distance in degrees of latitude to the nearest point (None without a home point)."""
    if not points:
        return qs.annotate(away=Value(None, output_field=FloatField()))
    terms: list[Any] = []
    for lat, lon in points:
        k = math.cos(math.radians(lat))
        dy = F("home_latitude") - Value(lat)
        dx = (F("home_longitude") - Value(lon)) * Value(k)
        terms.append(dy * dy + dx * dx)
    expression = terms[0] if len(terms) == 1 else Least(*terms)
    return qs.annotate(away=expression)


def km(away: float | None) -> float | None:
    """The `away` annotation in kilometres, to one decimal place."""
    if away is None:
        return None
    return round(math.sqrt(max(0.0, away)) * KM_PER_DEGREE, 1)
