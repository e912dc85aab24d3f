"""Writes about units and posts: creating the structure of the service and giving people posts."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from core import audit, pagecache
from core.errors import NotAllowed, ServiceError
from organisations import permissions
from organisations.models import SENIOR_OFFICER_CONTACTS, Post, SeniorOfficer, Unit
from organisations.scope import forget_scopes

UNIT_FIELDS = [
    "name",
    "short_name",
    "kind",
    "parent",
    "command_unit",
    "borough",
    "ward",
    "description",
    "email",
    "phone",
    "contact_notes",
    "is_active",
]
POST_FIELDS = [
    "user",
    "unit",
    "role",
    "job_title",
    "london_wide",
    "listed_publicly",
    "public_bio",
    "starts_on",
    "ends_on",
]


SENIOR_OFFICER_FIELDS = ["force", "name", "rank", "bio", *SENIOR_OFFICER_CONTACTS, "order", "is_published"]


RESERVED_SLUGS = {"new", "posts", "export", "senior-officers"}


def unique_unit_slug(text: str, *, exclude_pk: int | None = None) -> str:
    """A slug for a unit that no other unit uses."""
    base = (slugify(text) or "unit")[:100]
    if base in RESERVED_SLUGS:
        base = f"{base}-unit"
    slug, n = base, 2
    qs = Unit.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def find_unit(*, short_name: str = "", name: str = "") -> Unit | None:
    """The unit known by this short name (e.g. "CO11"), or else by this full name."""
    if short_name:
        unit = Unit.objects.filter(short_name__iexact=short_name.strip()).order_by("pk").first()
        if unit is not None:
            return unit
    if name:
        return Unit.objects.filter(name__iexact=name.strip()).order_by("pk").first()
    return None


@transaction.atomic
def ensure_unit(
    *, short_name: str, name: str, kind: str, parent: Unit | None = None, by: Any = None, **extra: Any
) -> Unit:
    """Get the unit by short name (or by name), creating it if the service does not know it yet."""
    short_name = (short_name or "").strip()
    name = (name or "").strip() or short_name
    if not name:
        raise ServiceError("A unit needs a name or a short name.", field="name")
    if kind not in Unit.Kind.values:
        raise ServiceError(f"Unknown kind of unit: {kind}.", field="kind")
    unit = find_unit(short_name=short_name, name=name)
    if unit is not None:
        return unit
    unit = Unit.objects.create(
        name=name,
        short_name=short_name,
        kind=kind,
        parent=parent,
        slug=unique_unit_slug(short_name or name),
        **extra,
    )
    audit.log(by, "unit.created", unit, changes=audit.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def create_unit(*, by: Any, data: dict[str, Any]) -> Unit:
    """An administrator adds a unit."""
    name = (data.get("name") or "").strip()
    if not name:
        raise ServiceError("Enter the unit's name.", field="name")
    short_name = (data.get("short_name") or "").strip()
    if short_name and Unit.objects.filter(short_name__iexact=short_name).exists():
        raise ServiceError(f"Another unit already uses the short name {short_name}.", field="short_name")
    fields = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    unit = Unit(**fields)
    unit.slug = unique_unit_slug(short_name or name)
    unit.full_clean()
    unit.save()
    audit.log(by, "unit.created", unit, changes=audit.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, by: Any, data: dict[str, Any]) -> Unit:
    """An administrator changes a unit; the audit entry lists what changed."""
    before = audit.snapshot(unit, UNIT_FIELDS)
    short_name = (data.get("short_name") or "").strip()
    if short_name and Unit.objects.filter(short_name__iexact=short_name).exclude(pk=unit.pk).exists():
        raise ServiceError(f"Another unit already uses the short name {short_name}.", field="short_name")
    if data.get("parent") is not None and data["parent"].pk == unit.pk:
        raise ServiceError("A unit cannot be its own parent.", field="parent")
    for key, value in data.items():
        if key in UNIT_FIELDS:
            setattr(unit, key, value)
    unit.full_clean()
    unit.save()
    changes = audit.diff(before, audit.snapshot(unit, UNIT_FIELDS))
    if changes:
        audit.log(by, "unit.changed", unit, changes=changes)
    return unit


def _post_snapshot(post: Post) -> dict[str, Any]:
    values = audit.snapshot(post, POST_FIELDS)
    values["wards"] = sorted(w.name for w in post.wards.all())
    values["boroughs"] = sorted(b.name for b in post.boroughs.all())
    return values


def _refresh_public_pages(post: Post) -> None:
    if post.unit.ward_id:
        pagecache.invalidate(wards=[post.unit.ward_id])


def _check_post_dates(data: dict[str, Any]) -> None:
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        raise ServiceError("The end date must be on or after the start date.", field="ends_on")


def _check_post_scope(by: Any, data: dict[str, Any], unit: Unit) -> None:
    """An administrator can only grant places within their own scope."""
    if by is None or not getattr(by, "is_authenticated", False):
        return
    if not permissions.can_manage_unit(by, unit):
        raise NotAllowed("You can only manage posts of units within your own area.")
    if not permissions.can_grant_places(by, data):
        raise NotAllowed("You can only grant places within your own area.")


@transaction.atomic
def create_post(*, by: Any, data: dict[str, Any]) -> Post:
    """Give a person a post in a unit, with a role and the places it covers."""
    _check_post_dates(data)
    _check_post_scope(by, data, data["unit"])
    fields = {k: v for k, v in data.items() if k in POST_FIELDS}
    post = Post.objects.create(**fields)
    post.wards.set(data.get("wards") or [])
    post.boroughs.set(data.get("boroughs") or [])
    audit.log(by, "post.created", post, changes=_post_snapshot(post))
    forget_scopes(post.user)
    _refresh_public_pages(post)
    return post


@transaction.atomic
def update_post(post: Post, *, by: Any, data: dict[str, Any]) -> Post:
    """Change a post's role, places or dates."""
    _check_post_dates(data)
    _check_post_scope(
        by,
        {"wards": post.wards.all(), "boroughs": post.boroughs.all(), "london_wide": post.london_wide, **data},
        post.unit,
    )
    before = _post_snapshot(post)
    for key, value in data.items():
        if key in POST_FIELDS:
            setattr(post, key, value)
    post.save()
    if "wards" in data:
        post.wards.set(data["wards"] or [])
    if "boroughs" in data:
        post.boroughs.set(data["boroughs"] or [])
    changes = audit.diff(before, _post_snapshot(post))
    if changes:
        audit.log(by, "post.changed", post, changes=changes)
    forget_scopes(post.user)
    _refresh_public_pages(post)
    return post


@transaction.atomic
def end_post(post: Post, *, by: Any) -> Post:
    """Remove a post (the person no longer holds it)."""
    audit.log(by, "post.removed", post, changes=_post_snapshot(post))
    _refresh_public_pages(post)
    post.delete()
    forget_scopes(post.user)
    return post


@transaction.atomic
def create_senior_officer(*, by: Any, data: dict[str, Any]) -> SeniorOfficer:
    """Add a senior officer's public profile (published or kept as a draft)."""
    officer = SeniorOfficer(**{k: v for k, v in data.items() if k in SENIOR_OFFICER_FIELDS})
    officer.full_clean()
    officer.save()
    audit.log(by, "senior_officer.created", officer, changes=audit.snapshot(officer, SENIOR_OFFICER_FIELDS))
    return officer


@transaction.atomic
def update_senior_officer(officer: SeniorOfficer, *, by: Any, data: dict[str, Any]) -> SeniorOfficer:
    """Change a senior officer's profile; the audit entry lists what changed."""
    before = audit.snapshot(officer, SENIOR_OFFICER_FIELDS)
    for key, value in data.items():
        if key in SENIOR_OFFICER_FIELDS:
            setattr(officer, key, value)
    officer.full_clean()
    officer.save()
    changes = audit.diff(before, audit.snapshot(officer, SENIOR_OFFICER_FIELDS))
    if changes:
        audit.log(by, "senior_officer.changed", officer, changes=changes)
    return officer


@transaction.atomic
def remove_senior_officer(officer: SeniorOfficer, *, by: Any) -> None:
    """Remove a senior officer's profile from the service and the open data."""
    audit.log(by, "senior_officer.removed", officer, changes=audit.snapshot(officer, SENIOR_OFFICER_FIELDS))
    officer.delete()
