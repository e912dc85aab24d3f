"""Who can be invited to a consultation: recipients as {email, name, body_name, borough_id} dicts."""

from collections.abc import Iterator
from typing import Any

from django.db.models import Q

from organisations.models import Unit

from .models import Consultation, Invitation


def _borough_ids(consultation: Consultation) -> set[int]:
    ids = set(consultation.boroughs.values_list("pk", flat=True))
    ids |= set(consultation.wards.values_list("borough_id", flat=True))
    return ids


def partners(consultation: Consultation) -> Iterator[dict[str, Any]]:
    """Local authorities and community safety partnerships (with an email) in the consultation's areas."""
    qs = Unit.objects.filter(
        is_active=True, kind__in=[Unit.Kind.LOCAL_AUTHORITY, Unit.Kind.COMMUNITY_SAFETY_PARTNERSHIP]
    ).exclude(email="")
    if not consultation.london_wide:
        qs = qs.filter(Q(borough__in=_borough_ids(consultation)) | Q(ward__borough__in=_borough_ids(consultation)))
    for unit in qs.order_by("name"):
        yield {"email": unit.email, "name": unit.name, "body_name": unit.name, "borough_id": unit.borough_id}


AUDIENCES: dict[str, tuple[str, str]] = {
    # key: (label, invitation body kind)
    "partners": (
        "Partners: local authorities and community safety partnerships in the consultation's areas",
        Invitation.BodyKind.PARTNERSHIP,
    ),
}


def recipients(consultation: Consultation, audience: str, **options: Any) -> Iterator[dict[str, Any]]:
    if audience == "partners":
        return partners(consultation)
    raise KeyError(audience)
