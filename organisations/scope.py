"""Who may do what, where: capabilities granted by roles, limited to the places a post covers.

Every app asks here, never reads posts itself:

    scope = scope_for(user, Capability.PLAN_ACTIVITY)
    scope.covers_ward(ward.pk)                       # one ward
    Activity.objects.filter(scope.q("wards"))        # rows whose wards lie in scope
    can_act_in(user, Capability.SEND_ALERTS, boroughs=[b.pk])
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import LazyObject, empty

from organisations.models import Post, Role, Unit
from places import reference
from places.models import Ward

TOTP = Authenticator.Type.TOTP


class Capability(StrEnum):
    WORKSPACE = "workspace"  # any staff post: see the staff workspace
    PLAN_ACTIVITY = "plan_activity"
    COORDINATE = "coordinate"  # the whole picture, reports, minimum standards, prior-consultation queue
    MANAGE_PRIORITIES = "manage_priorities"
    CONTACT_REPORTERS = "contact_reporters"  # who raised an issue: name, contact details, the exact place
    PUBLISH_FEEDBACK = "publish_feedback"
    MANAGE_GROUPS = "manage_groups"
    SEND_ALERTS = "send_alerts"
    RUN_CONSULTATIONS = "run_consultations"
    MANAGE_PLANS = "manage_plans"
    MANAGE_FUNDING = "manage_funding"  # funding rounds, allocations, claims and evaluations (in scope)
    # A group's own officers: apply to funding rounds for the groups they manage, read the decisions, send returns.
    APPLY_FUNDING = "apply_funding"
    READ_ALL = "read_all"  # read everything in scope, change nothing
    READ_EQUALITY = "read_equality"  # aggregate equality figures only, never per person
    VIEW_AUDIT = "view_audit"
    # The people named in the audit log as written (who acted, whom a record is about); others see references.
    VIEW_AUDIT_NAMES = "view_audit_names"
    SHARE_PARTNER_ACTIVITY = "share_partner_activity"
    COORDINATE_VOLUNTEERS = "coordinate_volunteers"  # volunteers, opportunities, outreach campaigns (`volunteers`)
    ADMINISTER = "administer"
    # Community tension (restricted, OFFICIAL-SENSITIVE): read assessments and incidents; lead them (create,
    # review, publish, run a tier-3 record); contribute items for one's own borough (partners).
    READ_TENSION = "read_tension"
    LEAD_TENSION = "lead_tension"
    CONTRIBUTE_TENSION = "contribute_tension"


R = Role
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    R.NEIGHBOURHOOD_OFFICER: frozenset(
        {
            Capability.WORKSPACE,
            Capability.PLAN_ACTIVITY,
            Capability.MANAGE_PRIORITIES,
            Capability.CONTACT_REPORTERS,
            Capability.PUBLISH_FEEDBACK,
            Capability.MANAGE_GROUPS,
            Capability.SEND_ALERTS,
        }
    ),
    R.ENGAGEMENT_LEAD: frozenset(
        {
            Capability.WORKSPACE,
            Capability.PLAN_ACTIVITY,
            Capability.PUBLISH_FEEDBACK,
            Capability.RUN_CONSULTATIONS,
            Capability.MANAGE_PLANS,
        }
    ),
    R.BOROUGH_CHAMPION: frozenset(
        {
            Capability.WORKSPACE,
            Capability.PLAN_ACTIVITY,
            Capability.COORDINATE,
            Capability.MANAGE_PRIORITIES,
            Capability.CONTACT_REPORTERS,
            Capability.PUBLISH_FEEDBACK,
            Capability.MANAGE_GROUPS,
            Capability.SEND_ALERTS,
            Capability.RUN_CONSULTATIONS,
            Capability.MANAGE_FUNDING,
            Capability.READ_ALL,
            Capability.READ_EQUALITY,
            Capability.VIEW_AUDIT,
            Capability.READ_TENSION,
            Capability.LEAD_TENSION,
            Capability.COORDINATE_VOLUNTEERS,
        }
    ),
    R.CENTRAL_CHAMPION: frozenset(
        {
            Capability.WORKSPACE,
            Capability.PLAN_ACTIVITY,
            Capability.COORDINATE,
            Capability.MANAGE_PRIORITIES,
            Capability.CONTACT_REPORTERS,
            Capability.PUBLISH_FEEDBACK,
            Capability.MANAGE_GROUPS,
            Capability.SEND_ALERTS,
            Capability.RUN_CONSULTATIONS,
            Capability.MANAGE_PLANS,
            Capability.MANAGE_FUNDING,
            Capability.READ_ALL,
            Capability.READ_EQUALITY,
            Capability.VIEW_AUDIT,
            Capability.READ_TENSION,
            Capability.LEAD_TENSION,
            Capability.COORDINATE_VOLUNTEERS,
        }
    ),
    R.GROUP_OFFICER: frozenset(
        {Capability.WORKSPACE, Capability.MANAGE_GROUPS, Capability.MANAGE_PRIORITIES, Capability.APPLY_FUNDING}
    ),
    R.OVERSIGHT_READER: frozenset(
        {
            Capability.WORKSPACE,
            Capability.READ_ALL,
            Capability.READ_EQUALITY,
            Capability.VIEW_AUDIT,
            Capability.VIEW_AUDIT_NAMES,
        }
    ),
    R.PARTNER: frozenset({Capability.WORKSPACE, Capability.SHARE_PARTNER_ACTIVITY, Capability.CONTRIBUTE_TENSION}),
    R.ADMINISTRATOR: frozenset(Capability),
}


@dataclass(frozen=True)
class Scope:
    """The places where a user holds a capability."""

    london_wide: bool = False
    ward_ids: frozenset[int] = field(default_factory=frozenset)
    borough_ids: frozenset[int] = field(default_factory=frozenset)  # boroughs covered whole
    unit_ids: frozenset[int] = field(default_factory=frozenset)  # units the posts belong to

    @property
    def is_empty(self) -> bool:
        return not (self.london_wide or self.ward_ids or self.borough_ids)

    def covers_ward(self, ward_id: int, borough_id: int | None = None) -> bool:
        if self.london_wide or ward_id in self.ward_ids:
            return True
        if not self.borough_ids:
            return False
        if borough_id is None:
            ward = reference.by_pk(Ward, {ward_id}).get(ward_id)
            borough_id = ward.borough_id if ward else None
        return borough_id in self.borough_ids

    def covers_borough(self, borough_id: int) -> bool:
        """True when the whole borough is in scope."""
        return self.london_wide or borough_id in self.borough_ids

    def touches_borough(self, borough_id: int) -> bool:
        """True when any ward of the borough is in scope."""
        if self.covers_borough(borough_id):
            return True
        return any(w.borough_id == borough_id for w in reference.by_pk(Ward, set(self.ward_ids)).values())

    def all_ward_ids(self) -> set[int] | None:
        """Every ward in scope, or None for London-wide."""
        if self.london_wide:
            return None
        ids = set(self.ward_ids)
        if self.borough_ids:
            ids |= reference.ward_ids_in(set(self.borough_ids))
        return ids

    def wards(self) -> QuerySet[Ward]:
        if self.london_wide:
            return Ward.objects.all()
        return Ward.objects.filter(Q(pk__in=self.ward_ids) | Q(borough_id__in=self.borough_ids))

    def ward_q(self, ward_path: str = "ward") -> Q:
        """A filter for rows whose ward (reached through `ward_path`) is in scope."""
        if self.london_wide:
            return Q()
        if self.is_empty:
            return Q(pk__in=[])
        return Q(**{f"{ward_path}__in": self.ward_ids}) | Q(**{f"{ward_path}__borough__in": self.borough_ids})

    def touched_borough_ids(self) -> set[int]:
        """The boroughs with any ward in scope (London-wide: none named; see `london_wide`)."""
        return set(self.borough_ids) | {w.borough_id for w in reference.by_pk(Ward, set(self.ward_ids)).values()}

    def borough_q(self, borough_path: str = "borough") -> Q:
        if self.london_wide:
            return Q()
        if self.is_empty:
            return Q(pk__in=[])
        return Q(**{f"{borough_path}__in": self.touched_borough_ids()})


EMPTY = Scope()
_CACHE_ATTR = "_eh_scope_cache"


def _held(user: Any) -> dict[str, Any]:
    """What this request has read about the person, kept on the user object itself: `request.user` is a lazy
    wrapper, and permission checks are handed the user inside it, so both must find the same posts."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    held: dict[str, Any] = user.__dict__.setdefault(_CACHE_ATTR, {})
    return held


def _post_places(post: Post) -> tuple[bool, set[int], set[int]]:
    """(london_wide, ward ids, borough ids) of one post, defaulting to its unit's own area."""
    if post.london_wide:
        return True, set(), set()
    wards = {w.pk for w in post.wards.all()}
    boroughs = {b.pk for b in post.boroughs.all()}
    if wards or boroughs:
        return False, wards, boroughs
    unit = post.unit
    if unit.ward_id:
        return False, {unit.ward_id}, set()
    if unit.borough_id:
        return False, set(), {unit.borough_id}
    if unit.command_unit_id:
        return False, set(), {b.pk for b in reference.borough_list() if b.command_unit_id == unit.command_unit_id}
    # Business groups, the oversight body and London-wide partners work across London.
    return True, set(), set()


def current_posts(user: Any) -> list[Post]:
    if not getattr(user, "is_authenticated", False):
        return []
    cache = _held(user)
    if "posts" not in cache:
        posts = list(
            reference.with_place_ids(Post.objects.current())
            .filter(user=user, unit__is_active=True)
            .select_related("unit")
            # Whether the person has an authenticator, read with their posts (the one door asks on every request).
            .annotate(has_totp=Exists(Authenticator.objects.filter(user_id=OuterRef("user_id"), type=TOTP)))
        )
        reference.prefetch_places(posts)
        cache["posts"] = posts
        if posts:
            cache["has_totp"] = posts[0].has_totp  # type: ignore[attr-defined]
    posts = cache["posts"]
    return posts


def known_second_factor(user: Any) -> bool | None:
    """Whether the person has an authenticator, if read with their posts in this request; None if not known."""
    known: bool | None = _held(user).get("has_totp")
    return known


def forget_scopes(user: Any) -> None:
    """Drop cached posts and scopes (after a post changes during a request)."""
    _held(user).clear()


def has_capability(user: Any, capability: Capability) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(capability in ROLE_CAPABILITIES.get(p.role, frozenset()) for p in current_posts(user))


def scope_for(user: Any, capability: Capability) -> Scope:
    """Where `user` holds `capability` (empty if nowhere)."""
    if not getattr(user, "is_authenticated", False):
        return EMPTY
    if user.is_superuser:
        return Scope(london_wide=True)
    cache = _held(user)
    key = f"scope:{capability}"
    if key in cache:
        scope: Scope = cache[key]
        return scope
    london = False
    wards: set[int] = set()
    boroughs: set[int] = set()
    units: set[int] = set()
    for post in current_posts(user):
        if capability not in ROLE_CAPABILITIES.get(post.role, frozenset()):
            continue
        units.add(post.unit_id)
        post_london, post_wards, post_boroughs = _post_places(post)
        london = london or post_london
        wards |= post_wards
        boroughs |= post_boroughs
    scope = Scope(
        london_wide=london,
        ward_ids=frozenset(wards),
        borough_ids=frozenset(boroughs),
        unit_ids=frozenset(units),
    )
    cache[key] = scope
    return scope


def can_act_in(
    user: Any,
    capability: Capability,
    *,
    wards: Iterable[Ward | int] = (),
    boroughs: Iterable[Any] = (),
    london_wide: bool = False,
) -> bool:
    """True when every named place (and London as a whole, if asked) is within the user's scope."""
    scope = scope_for(user, capability)
    if scope.is_empty:
        return False
    if london_wide and not scope.london_wide:
        return False
    for b in boroughs:
        if not scope.covers_borough(b if isinstance(b, int) else b.pk):
            return False
    for w in wards:
        if isinstance(w, Ward):
            if not scope.covers_ward(w.pk, w.borough_id):
                return False
        elif not scope.covers_ward(w):
            return False
    return True


def units_for(user: Any, capability: Capability) -> QuerySet[Unit]:
    """Units in whose name the user may act with `capability`."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=scope_for(user, capability).unit_ids)


def is_staff_member(user: Any) -> bool:
    return has_capability(user, Capability.WORKSPACE)
