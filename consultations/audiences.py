"""Who can be invited to a consultation: recipients as {email, name, body_name, borough_id} dicts."""

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, Q

from alerts.models import Interest
from alerts.queries import subscribers_for
from groups.models import CommunityGroup
from groups.queries import member_contacts
from organisations.models import Unit
from places.models import Ward

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


def _groups(consultation: Consultation, kind: str | None = None) -> Any:
    qs = CommunityGroup.objects.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if not consultation.london_wide:
        boroughs = _borough_ids(consultation)
        wards = set(consultation.wards.values_list("pk", flat=True))
        qs = qs.filter(Q(borough__in=boroughs) | Q(ward__borough__in=boroughs) | Q(ward__in=wards) | Q(level="london"))
    return qs.select_related("ward", "borough").order_by("name")


def group_choices(consultation: Consultation) -> Any:
    """Groups whose members can be invited (in the consultation's areas)."""
    return _groups(consultation)


def _group_members(group: Any) -> Iterator[dict[str, Any]]:
    borough_id = group.borough_id or (group.ward.borough_id if group.ward_id else None)
    contacts = [(name, email) for name, email, _phone in member_contacts(group) if email]
    if not contacts and group.contact_email:
        contacts = [(group.name, group.contact_email)]
    for name, email in contacts:
        yield {"email": email, "name": name, "body_name": group.name, "borough_id": borough_id}


def groups_of_kind(consultation: Consultation, kind: str) -> Iterator[dict[str, Any]]:
    for group in _groups(consultation, kind):
        yield from _group_members(group)


def subscribers(consultation: Consultation) -> Iterator[dict[str, Any]]:
    """Alert subscribers in the consultation's areas who asked to hear about consultations, by email."""
    qs = subscribers_for(
        wards=list(consultation.wards.all()),
        boroughs=list(consultation.boroughs.all()),
        london=consultation.london_wide,
        interests=[Interest.CONSULTATIONS],
    ).filter(wants_email=True, email_confirmed_at__isnull=False)
    preferred = _borough_ids(consultation)
    qs = qs.prefetch_related(Prefetch("wards", queryset=Ward.objects.only("pk", "borough_id")), "boroughs")
    for sub in qs.iterator(chunk_size=1000):
        yield {"email": sub.email, "name": sub.name, "body_name": "", "borough_id": _home_borough(sub, preferred)}


def _home_borough(subscriber: Any, preferred: set[int]) -> int | None:
    """The borough a subscriber's answers count for: one of their places in the consultation's boroughs, else
    the first of their places; none for a subscriber to the whole of London."""
    ids = [w.borough_id for w in subscriber.wards.all()] + [b.pk for b in subscriber.boroughs.all()]
    return next((i for i in ids if i in preferred), ids[0] if ids else None)


AUDIENCES: dict[str, tuple[str, str]] = {
    # key: (label, invitation body kind)
    "partners": (
        "Partners: local authorities and community safety partnerships in the consultation's areas",
        Invitation.BodyKind.PARTNERSHIP,
    ),
    "ward_panels": ("All ward panels in the consultation's areas (their members)", Invitation.BodyKind.WARD_PANEL),
    "borough_groups": (
        "All borough engagement groups in the consultation's areas (their members)",
        Invitation.BodyKind.BOROUGH_GROUP,
    ),
    "group": ("The members of one group or panel (choose it below)", Invitation.BodyKind.GROUP_MEMBER),
    "subscribers": (
        "Alert subscribers in the consultation's areas who want to hear about consultations",
        Invitation.BodyKind.SUBSCRIBER,
    ),
}


def recipients(consultation: Consultation, audience: str, **options: Any) -> Iterator[dict[str, Any]]:
    if audience == "partners":
        return partners(consultation)
    if audience == "ward_panels":
        return groups_of_kind(consultation, "ward_panel")
    if audience == "borough_groups":
        return groups_of_kind(consultation, "borough_group")
    if audience == "group":
        return _group_members(options["group"])
    if audience == "subscribers":
        return subscribers(consultation)
    raise KeyError(audience)
