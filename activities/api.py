"""API v1: the engagement register. Same permissions as the pages (plan, coordinate, read all; partners
see planned activity); public upcoming activities need no credentials."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from activities import permissions, queries, services
from activities.models import Activity, CommunityOfInterest, Operation, PriorConsultation
from core.api_caller import api_user
from core.api_paging import MAX_PAGE_SIZE, Paging, mapped, paginate
from core.bounds import (
    MAX_LIST,
    MAX_TEXT,
    Attendance,
    BoundedDate,
    BoundedDateTime,
    Id,
    Money,
    ObjectIn,
    QueryDate,
    Reach,
)
from core.errors import ServiceError
from organisations.models import Unit
from places.models import Borough, Ward

router = Router(tags=["Activities"])


class ActivityOut(Schema):
    id: int
    title: str
    purpose: str
    use_of_results: str
    method: str
    tier: str
    status: str
    organising_unit: str = Field(..., description="slug of the organising unit")
    organising_unit_name: str
    lead_name: str
    lead_email: str
    lead_phone: str
    partners: list[str]
    wards: list[str] = Field(..., description="ONS ward codes")
    boroughs: list[str] = Field(..., description="ONS codes of boroughs covered whole")
    london_wide: bool
    communities: list[str] = Field(..., description="slugs of communities of interest")
    audience: str = Field(..., description="public, community, partners or internal")
    starts_at: datetime
    ends_at: datetime
    recurrence: str
    repeat_until: date | None
    exception_dates: list[str]
    venue: str
    venue_accessibility: str
    is_public: bool
    pre_planned: bool
    operation: int | None
    operation_phase: str
    attendance: int | None
    reach: int | None
    cost: str | None
    outcome_notes: str
    url: str


class ActivityIn(ObjectIn):
    title: str = Field(..., max_length=200)
    purpose: str = Field(..., max_length=MAX_TEXT, description="Why this is taking place (the public is told)")
    use_of_results: str = Field("", max_length=MAX_TEXT)
    method: Activity.Method
    tier: Activity.Tier = Activity.Tier.BUSINESS_GROUP
    organising_unit: str = Field(..., max_length=200, description="slug or short name of the organising unit")
    lead_name: str = Field("", max_length=150)
    lead_email: str = Field("", max_length=254)
    lead_phone: str = Field("", max_length=40)
    partners: list[str] = Field([], max_length=MAX_LIST, description="slugs of partner units")
    wards: list[str] = Field([], max_length=MAX_LIST, description="ONS ward codes")
    boroughs: list[str] = Field([], max_length=MAX_LIST, description="ONS borough codes (every ward in them)")
    london_wide: bool = False
    communities: list[str] = Field([], max_length=MAX_LIST, description="slugs of communities of interest")
    audience: Activity.Audience = Field(
        Activity.Audience.PUBLIC, description="whom it engages; partners-only and internal ones are not asks"
    )
    starts_at: BoundedDateTime = Field(..., description="ISO 8601; without an offset it is London time")
    ends_at: BoundedDateTime
    recurrence: Activity.Recurrence = Activity.Recurrence.NONE
    repeat_until: BoundedDate | None = None
    exception_dates: list[BoundedDate] = Field([], max_length=MAX_LIST)
    venue: str = Field("", max_length=300)
    venue_accessibility: str = Field("", max_length=MAX_TEXT)
    is_public: bool = True
    pre_planned: bool = True
    operation: Id | None = None
    operation_phase: Activity.OperationPhase = Activity.OperationPhase.NONE


class ActivityPatch(ObjectIn):
    title: str | None = Field(None, max_length=200)
    purpose: str | None = Field(None, max_length=MAX_TEXT)
    use_of_results: str | None = Field(None, max_length=MAX_TEXT)
    method: Activity.Method | None = None
    tier: Activity.Tier | None = None
    lead_name: str | None = Field(None, max_length=150)
    lead_email: str | None = Field(None, max_length=254)
    lead_phone: str | None = Field(None, max_length=40)
    partners: list[str] | None = Field(None, max_length=MAX_LIST)
    wards: list[str] | None = Field(None, max_length=MAX_LIST)
    boroughs: list[str] | None = Field(None, max_length=MAX_LIST)
    london_wide: bool | None = None
    communities: list[str] | None = Field(None, max_length=MAX_LIST)
    audience: Activity.Audience | None = None
    starts_at: BoundedDateTime | None = None
    ends_at: BoundedDateTime | None = None
    recurrence: Activity.Recurrence | None = None
    repeat_until: BoundedDate | None = None
    exception_dates: list[BoundedDate] | None = Field(None, max_length=MAX_LIST)
    venue: str | None = Field(None, max_length=300)
    venue_accessibility: str | None = Field(None, max_length=MAX_TEXT)
    is_public: bool | None = None
    pre_planned: bool | None = None


class StatusIn(ObjectIn):
    status: Activity.Status
    attendance: Attendance | None = None
    reach: Reach | None = None
    cost: Money | None = None
    outcome_notes: str | None = Field(None, max_length=MAX_TEXT)
    feedback_notes: str | None = Field(None, max_length=MAX_TEXT)
    cancelled_reason: str | None = Field(None, max_length=300)


class ProposalIn(ObjectIn):
    starts_at: BoundedDateTime
    ends_at: BoundedDateTime
    wards: list[str] = Field([], max_length=MAX_LIST)
    boroughs: list[str] = Field([], max_length=MAX_LIST)
    london_wide: bool = False
    communities: list[str] = Field([], max_length=MAX_LIST)
    recurrence: Activity.Recurrence = Activity.Recurrence.NONE
    repeat_until: BoundedDate | None = None
    exception_dates: list[BoundedDate] = Field([], max_length=MAX_LIST)
    audience: Activity.Audience = Activity.Audience.PUBLIC
    method: Activity.Method | None = None
    exclude: Id | None = Field(None, description="id of the activity being changed, left out of the clashes")
    window_days: int | None = Field(None, ge=0, le=90, description="clash window; the administrators' by default")


class ClashOut(Schema):
    activity: int
    title: str
    starts_at: datetime
    gap_hours: float = Field(..., description="0 when they overlap in time")
    closeness: str
    reasons: list[str]
    relevance: int = Field(..., description="0–100: place, audience, time and method together")
    audience: str
    organising_unit: str
    lead_name: str
    lead_email: str
    lead_phone: str
    url: str


class FatigueOut(Schema):
    label: str
    code: str = Field("", description="ONS code of the ward, or slug of the community")
    count_4w: int
    score_4w: float
    level_4w: str
    count_12w: int
    score_12w: float
    level_12w: str
    medium_4w: float | None = Field(None, description="calibrated threshold: medium from this 4-week figure")
    high_4w: float | None = None
    medium_12w: float | None = None
    high_12w: float | None = None
    message: str


class ClashReport(Schema):
    window_days: int
    clashes: list[ClashOut]
    standing: list[ClashOut] = Field(..., description="London-wide standing series in the same window")
    fatigue: list[FatigueOut]
    teams_to_consult: list[str]


class NeverAskedPlace(Schema):
    code: str = Field(..., description="ONS ward code, or community slug")
    name: str
    borough: str = ""
    population: int | None = Field(None, description="Census 2021 residents (people in London for a community)")
    last_engaged: datetime | None = Field(None, description="within the last 12 months; null if not")


class NeverAskedBorough(Schema):
    code: str
    name: str
    wards: int
    never_3: int = Field(..., description="wards with nothing in 3 months")
    never_6: int
    never_12: int


class NeverAskedTrend(Schema):
    code: str
    name: str
    wards: int
    points: list[date] = Field(..., description="now, then every 91 days back")
    counts: list[int] = Field(..., description="wards with nothing in the `months` before each point")


class NeverAskedOut(Schema):
    months: int
    wards: list[NeverAskedPlace]
    communities: list[NeverAskedPlace]
    boroughs: list[NeverAskedBorough]
    trend: list[NeverAskedTrend]


class CommunityOut(Schema):
    slug: str
    name: str
    description: str
    is_active: bool


class PublicActivityOut(Schema):
    id: int
    title: str
    purpose: str
    use_of_results: str
    method: str
    next_start: datetime
    next_end: datetime
    venue: str
    venue_accessibility: str
    organising_unit: str
    url: str


class BaselineOut(Schema):
    quarter: str = Field(..., description="e.g. 2026 Q3")
    quarter_start: date
    met: bool
    count: int
    detail: str


class StandardResultOut(Schema):
    standard_id: int
    standard: str
    rule: str = Field(..., description="The rule applied, in words")
    met: bool
    detail: str = Field(..., description="What was found, or why it failed")
    since: datetime
    until: datetime
    evidence: list[int] = Field(..., description="ids of the activities counted (GET /api/v1/activities/{id})")
    short_wards: list[str] = Field(..., description="wards short of a ward-level standard")
    history: list[BaselineOut] = Field(..., description="the recorded quarterly baselines, oldest first")


class BoroughStandardsOut(Schema):
    borough: str = Field(..., description="ONS borough code")
    borough_name: str
    meets_all: bool
    results: list[StandardResultOut]


class PriorConsultationOut(Schema):
    id: int
    activity: int
    team: str = Field(..., description="slug of the neighbourhood team consulted")
    team_name: str
    ward: str = Field(..., description="ONS ward code")
    state: PriorConsultation.State
    comment: str
    respond_by: datetime | None = Field(None, description="after this, no answer counts as acknowledgement")
    responded_at: datetime | None
    resolution: str
    lead_agreed_at: datetime | None
    team_agreed_at: datetime | None
    overruled_at: datetime | None


class AnswerIn(Schema):
    state: str = Field(..., description="acknowledged, commented or objected")
    comment: str = ""


class ResolveIn(Schema):
    note: str = Field(..., description="what the organiser and the team agreed")


class OverruleIn(Schema):
    reason: str = Field(..., description="why the objection is overruled (kept in the record)")


# ---------------------------------------------------------------- helpers


def _reader(request: HttpRequest) -> Any:
    user = api_user(request)
    if not user.is_authenticated:
        raise PermissionDenied("Send an API token to read the engagement register.")
    if not permissions.can_read(user):
        raise PermissionDenied("Your role does not allow you to see the engagement register.")
    return user


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _lookup(model: Any, field: str, values: list[str], label: str, name: str) -> list[Any]:
    wanted = [v.upper() if field == "code" else v for v in values]
    found = {getattr(o, field): o for o in model.objects.filter(**{f"{field}__in": wanted})}
    unknown = [v for v in wanted if v not in found]
    if unknown:
        raise ServiceError(f"Unknown {label}: {', '.join(unknown)}.", field=name)
    return [found[v] for v in wanted]


def _unit(text: str) -> Unit:
    unit = Unit.objects.filter(slug=text).first() or Unit.objects.filter(short_name__iexact=text).first()
    if unit is None:
        raise ServiceError(f"Unknown unit: {text}.", field="organising_unit")
    return unit


def _resolve(data: dict[str, Any]) -> dict[str, Any]:
    """Turn codes and slugs into the model instances the services take."""
    if "organising_unit" in data:
        data["organising_unit"] = _unit(data["organising_unit"])
    if data.get("partners") is not None and "partners" in data:
        data["partners"] = _lookup(Unit, "slug", data["partners"], "unit", "partners")
    if data.get("wards") is not None and "wards" in data:
        data["wards"] = _lookup(Ward, "code", data["wards"], "ward code", "wards")
    if data.get("boroughs") is not None and "boroughs" in data:
        data["boroughs"] = _lookup(Borough, "code", data["boroughs"], "borough code", "boroughs")
    if data.get("communities") is not None and "communities" in data:
        data["communities"] = _lookup(
            CommunityOfInterest, "slug", data["communities"], "community of interest", "communities"
        )
    for key in ("starts_at", "ends_at"):
        if data.get(key) is not None:
            data[key] = _aware(data[key])
    if "exception_dates" in data and data["exception_dates"] is not None:
        data["exception_dates"] = sorted({d.isoformat() for d in data["exception_dates"]})
    if "operation" in data:
        op = data["operation"]
        data["operation"] = None
        if op is not None:
            data["operation"] = Operation.objects.filter(pk=op).first()
            if data["operation"] is None:
                raise ServiceError("Unknown operation.", field="operation")
    for key in ("recurrence", "operation_phase", "method", "tier", "audience"):
        if data.get(key) is not None:
            data[key] = str(data[key].value if hasattr(data[key], "value") else data[key])
    return {k: v for k, v in data.items() if v is not None or k in {"repeat_until", "operation"}}


def activity_out(a: Activity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "title": a.title,
        "purpose": a.purpose,
        "use_of_results": a.use_of_results,
        "method": a.method,
        "tier": a.tier,
        "status": a.status,
        "organising_unit": a.organising_unit.slug,
        "organising_unit_name": str(a.organising_unit),
        "lead_name": a.lead_name,
        "lead_email": a.lead_email,
        "lead_phone": a.lead_phone,
        "partners": [u.slug for u in a.partners.all()],
        "wards": [w.code for w in a.wards.all()],
        "boroughs": [b.code for b in a.boroughs.all()],
        "london_wide": a.london_wide,
        "communities": [c.slug for c in a.communities.all()],
        "audience": a.audience,
        "starts_at": a.starts_at,
        "ends_at": a.ends_at,
        "recurrence": a.recurrence,
        "repeat_until": a.repeat_until,
        "exception_dates": list(a.exception_dates or []),
        "venue": a.venue,
        "venue_accessibility": a.venue_accessibility,
        "is_public": a.is_public,
        "pre_planned": a.pre_planned,
        "operation": a.operation_id,
        "operation_phase": a.operation_phase,
        "attendance": a.attendance,
        "reach": a.reach,
        "cost": None if a.cost is None else str(a.cost),
        "outcome_notes": a.outcome_notes,
        "url": a.get_absolute_url(),
    }


def _get_visible(user: Any, pk: int) -> Activity:
    activity = (
        queries.visible_activities(user)
        .select_related("organising_unit")
        .prefetch_related("wards", "boroughs", "partners", "communities")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404("No activity with this id in your area.")
    return activity


# ---------------------------------------------------------------- endpoints


@router.get("/", response=list[ActivityOut], summary="List activities (staff and partners)")
@paginate(Paging)
def list_activities(
    request: HttpRequest,
    ward: str | None = None,
    borough: str | None = None,
    community: str | None = None,
    unit: str | None = None,
    method: Activity.Method | None = None,
    tier: Activity.Tier | None = None,
    status: Activity.Status | None = None,
    date_from: QueryDate | None = None,
    date_to: QueryDate | None = None,
    q: str | None = None,
) -> Any:
    """The register, with the same filters as the page: ward and borough are ONS codes, community and unit
    slugs; a date range keeps activities with an occurrence in it."""
    user = _reader(request)
    filters = queries.Filters(
        ward=_lookup(Ward, "code", [ward], "ward code", "ward")[0] if ward else None,
        borough=_lookup(Borough, "code", [borough], "borough code", "borough")[0] if borough else None,
        community=_lookup(CommunityOfInterest, "slug", [community], "community", "community")[0] if community else None,
        unit=_unit(unit) if unit else None,
        method=method.value if method else "",
        tier=tier.value if tier else "",
        status=status.value if status else "",
        date_from=date_from,
        date_to=date_to,
        text=q or "",
    )
    if date_from and date_to and date_to < date_from:
        raise ServiceError("date_to must be on or after date_from.", field="date_to")
    qs = queries.apply_filters(queries.visible_activities(user), filters).order_by("starts_at", "pk")
    page = qs.select_related("organising_unit").prefetch_related("wards", "boroughs", "partners", "communities")
    return mapped(page, activity_out)


@router.get("/public", response=list[PublicActivityOut], summary="Upcoming public activities of a ward or borough")
@paginate(Paging)
def public_upcoming(request: HttpRequest, ward: str | None = None, borough: str | None = None) -> list[dict]:
    """No credentials needed. Give `ward` or `borough` (ONS code). The next 500 at most, soonest first."""
    if ward:
        items = queries.upcoming_public_for_ward(
            _lookup(Ward, "code", [ward], "ward code", "ward")[0], limit=MAX_PAGE_SIZE
        )
    elif borough:
        b = _lookup(Borough, "code", [borough], "borough code", "borough")[0]
        items = queries.upcoming_public_for_borough(b, limit=MAX_PAGE_SIZE)
    else:
        raise ServiceError("Give a ward or a borough code.", field="ward")
    return [
        {
            "id": a.pk,
            "title": a.title,
            "purpose": a.purpose,
            "use_of_results": a.use_of_results,
            "method": a.method,
            "next_start": a.next_start,  # type: ignore[attr-defined]
            "next_end": a.next_end,  # type: ignore[attr-defined]
            "venue": a.venue,
            "venue_accessibility": a.venue_accessibility,
            "organising_unit": str(a.organising_unit),
            "url": a.get_public_url(),
        }
        for a in items
    ]


@router.get("/communities", response=list[CommunityOut], summary="Communities of interest")
@paginate(Paging)
def list_communities(request: HttpRequest) -> list[dict]:
    return [
        {"slug": c.slug, "name": c.name, "description": c.description, "is_active": c.is_active}
        for c in CommunityOfInterest.objects.all()
    ]


@router.post("/clashes", response=ClashReport, summary="Clashes and fatigue for a proposed activity")
def clashes(request: HttpRequest, payload: ProposalIn) -> dict[str, Any]:
    """Activities of any unit sharing a ward (a borough- or London-wide activity shares every ward in it) or a
    community within the clash window, most relevant first (London-wide standing series apart); the fatigue
    of each ward and community; and the neighbourhood teams that would be consulted."""
    user = api_user(request)
    if not (user.is_authenticated and permissions.can_read(user)):
        raise PermissionDenied("Send an API token of someone who plans or coordinates activities.")
    starts, ends = _aware(payload.starts_at), _aware(payload.ends_at)
    if ends <= starts:
        raise ServiceError("The end must be after the start.", field="ends_at")
    wards = _lookup(Ward, "code", payload.wards, "ward code", "wards")
    boroughs = _lookup(Borough, "code", payload.boroughs, "borough code", "boroughs")
    communities = _lookup(CommunityOfInterest, "slug", payload.communities, "community of interest", "communities")
    if payload.recurrence and not payload.repeat_until:
        raise ServiceError("A repeating activity needs a last date.", field="repeat_until")
    proposal = queries.Proposal(
        starts_at=starts,
        ends_at=ends,
        ward_ids=[w.pk for w in wards],
        borough_ids=[b.pk for b in boroughs],
        london_wide=payload.london_wide,
        community_ids=[c.pk for c in communities],
        recurrence=str(payload.recurrence.value),
        repeat_until=payload.repeat_until,
        exception_dates=[d.isoformat() for d in payload.exception_dates],
        exclude_id=payload.exclude,
        audience=str(payload.audience.value),
        method=str(payload.method.value) if payload.method else "",
    )
    from datetime import timedelta

    window = timedelta(days=payload.window_days) if payload.window_days is not None else queries.clash_window()
    found, standing = queries.check_clashes(proposal, window=window, limit=50)
    teams = Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, is_active=True, ward__in=wards)
    return {
        "window_days": window.days,
        "clashes": [_clash_out(c) for c in found],
        "standing": [_clash_out(c) for c in standing],
        "fatigue": [f.as_dict() for f in queries.fatigue_for_proposal(proposal)],
        "teams_to_consult": [str(t) for t in teams],
    }


def _clash_out(c: queries.Clash) -> dict[str, Any]:
    return {
        "activity": c.activity.pk,
        "title": c.activity.title,
        "starts_at": c.at,
        "gap_hours": round(c.gap.total_seconds() / 3600, 2),
        "closeness": c.closeness,
        "reasons": c.reasons,
        "relevance": c.relevance,
        "audience": c.activity.audience,
        "organising_unit": str(c.activity.organising_unit),
        "lead_name": c.activity.lead_name,
        "lead_email": c.activity.lead_email,
        "lead_phone": c.activity.lead_phone,
        "url": c.activity.get_absolute_url(),
    }


@router.get("/fatigue", response=list[FatigueOut], summary="Fatigue of a ward, every ward of a borough, or a community")
@paginate(Paging)
def fatigue(
    request: HttpRequest, ward: str | None = None, borough: str | None = None, community: str | None = None
) -> list[dict]:
    """What was asked of a ward's public (or a community) in the last 4 and 12 weeks: each occurrence weighted
    by its method and by how local it is, with levels from thresholds calibrated on London's last year.
    One ward or community is for anyone who plans (the planning form shows it); a whole borough's table is the
    fatigue page's, for coordinators and the oversight body within their area."""
    user = _reader(request)
    if ward:
        return [queries.fatigue_for_ward(_lookup(Ward, "code", [ward], "ward code", "ward")[0]).as_dict()]
    if borough:
        b = _lookup(Borough, "code", [borough], "borough code", "borough")[0]
        if not permissions.can_see_engagement_picture(user):
            raise PermissionDenied("Only coordinators and the oversight body see a whole borough's fatigue.")
        if not permissions.picture_boroughs(user).filter(pk=b.pk).exists():
            raise PermissionDenied("That borough is outside your area.")
        return [f.as_dict() for f in queries.fatigue_for_borough(b)]
    if community:
        c = _lookup(CommunityOfInterest, "slug", [community], "community of interest", "community")[0]
        return [queries.fatigue_for_community(c).as_dict()]
    raise ServiceError("Give a ward, a borough or a community.", field="ward")


def consultation_out(c: PriorConsultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "activity": c.activity_id,
        "team": c.team.slug,
        "team_name": str(c.team),
        "ward": c.ward.code,
        "state": c.state,
        "comment": c.comment,
        "respond_by": c.respond_by,
        "responded_at": c.responded_at,
        "resolution": c.resolution,
        "lead_agreed_at": c.lead_agreed_at,
        "team_agreed_at": c.team_agreed_at,
        "overruled_at": c.overruled_at,
    }


def _consultation(pk: int) -> PriorConsultation:
    consultation = PriorConsultation.objects.select_related("activity", "team", "ward").filter(pk=pk).first()
    if consultation is None:
        raise Http404("No such prior consultation.")
    return consultation


def _staff(request: HttpRequest) -> Any:
    user = api_user(request)
    if not user.is_authenticated:
        raise PermissionDenied("Send an API token to answer a prior consultation.")
    return user


@router.get(
    "/{int:activity_id}/consultations", response=list[PriorConsultationOut], summary="An activity's consultations"
)
@paginate(Paging)
def list_consultations(request: HttpRequest, activity_id: int) -> list[dict[str, Any]]:
    """The neighbourhood teams asked about the activity, their answers, deadlines and how objections were settled."""
    activity = _get_visible(_reader(request), activity_id)
    return [consultation_out(c) for c in activity.consultations.select_related("team", "ward")]


@router.post("/consultations/{int:consultation_id}/answer", response=PriorConsultationOut, summary="Answer (the team)")
def answer_consultation(request: HttpRequest, consultation_id: int, payload: AnswerIn) -> dict[str, Any]:
    """The consulted team acknowledges, comments or objects (with a reason); anyone else gets 403."""
    user = _staff(request)
    c = services.respond_to_consultation(
        consultation=_consultation(consultation_id), by=user, state=payload.state, comment=payload.comment
    )
    return consultation_out(c)


@router.post(
    "/consultations/{int:consultation_id}/resolve", response=PriorConsultationOut, summary="Agree a resolution"
)
def resolve_consultation(request: HttpRequest, consultation_id: int, payload: ResolveIn) -> dict[str, Any]:
    """The organiser or the team records what was agreed; when both have, the objection is resolved."""
    user = _staff(request)
    c = services.resolve_objection(consultation=_consultation(consultation_id), by=user, note=payload.note)
    return consultation_out(c)


@router.post("/consultations/{int:consultation_id}/overrule", response=PriorConsultationOut, summary="Overrule")
def overrule_consultation(request: HttpRequest, consultation_id: int, payload: OverruleIn) -> dict[str, Any]:
    """A coordinator for the ward (the borough champion) overrules an objection with a reason."""
    user = _staff(request)
    c = services.overrule_objection(consultation=_consultation(consultation_id), by=user, reason=payload.reason)
    return consultation_out(c)


@router.get("/standards", response=list[BoroughStandardsOut], summary="Minimum standards per borough, with evidence")
@paginate(Paging)
def standards(request: HttpRequest, borough: str | None = None) -> list[dict[str, Any]]:
    """Whether each borough in the caller's area meets each active minimum standard: the rule, the activities
    counted (only activities in the borough; London-wide ones never count) and the quarterly baselines.
    For coordinators and oversight readers."""
    user = api_user(request)
    if not user.is_authenticated:
        raise PermissionDenied("Send an API token to read the minimum-standards report.")
    if not user.has_perm("activities.view_standards"):
        raise PermissionDenied("Only coordinators and the oversight body see the minimum-standards report.")
    boroughs = permissions.standards_boroughs(user)
    if borough:
        code = _lookup(Borough, "code", [borough], "borough code", "borough")[0].code
        boroughs = boroughs.filter(code=code)
        if not boroughs.exists():
            raise Http404("That borough is outside your area.")
    trend = queries.standard_trend(boroughs)
    out = []
    for row in queries.standards_report(boroughs):
        b = row["borough"]
        out.append(
            {
                "borough": b.code,
                "borough_name": b.name,
                "meets_all": row["meets_all"],
                "results": [
                    {
                        "standard_id": r.standard.pk,
                        "standard": r.standard.name,
                        "rule": r.rule,
                        "met": r.met,
                        "detail": r.detail,
                        "since": r.since,
                        "until": r.until,
                        "evidence": r.evidence_ids,
                        "short_wards": r.short_wards,
                        "history": [
                            {
                                "quarter": h.quarter_label,
                                "quarter_start": h.quarter_start,
                                "met": h.met,
                                "count": h.count,
                                "detail": h.detail,
                            }
                            for h in trend.get((r.standard.pk, b.pk), [])
                        ],
                    }
                    for r in row["results"]
                ],
            }
        )
    return out


@router.get("/never-asked", response=NeverAskedOut, summary="Wards and communities nothing has engaged")
def never_asked(request: HttpRequest, months: int = 6, borough: str | None = None) -> dict[str, Any]:
    """Wards (of the caller's area, or one borough) and communities of interest with no ask of their public, group
    meeting, consultation or alert in the last 3, 6 or 12 months, largest first; with the count per borough."""
    user = _reader(request)
    if not permissions.can_see_engagement_picture(user):
        raise PermissionDenied("Only coordinators and the oversight body see who is never asked.")
    if months not in queries.NEVER_ASKED_DAYS:
        raise ServiceError("Choose 3, 6 or 12 months.", field="months")
    boroughs = permissions.picture_boroughs(user)
    if borough:
        boroughs = boroughs.filter(code=borough.upper())
        if not boroughs.exists():
            raise ServiceError(f"Unknown borough code in your area: {borough}.", field="borough")
    found = queries.never_asked(months=months, boroughs=boroughs)
    place = ("code", "name", "population")
    return {
        "months": found.months,
        "wards": [
            {**{k: r[k] for k in place}, "borough": r["borough"], "last_engaged": r["last"]} for r in found.wards
        ],
        "communities": [{**{k: r[k] for k in place}, "last_engaged": r["last"]} for r in found.communities],
        "boroughs": found.boroughs,
        "trend": queries.never_asked_trend(boroughs, months=months),
    }


@router.get("/{int:activity_id}", response=ActivityOut, summary="One activity")
def get_activity(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    return activity_out(_get_visible(_reader(request), activity_id))


@router.post("/", response={201: ActivityOut}, summary="Record an activity")
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status:
    """Validated as on the page: bad dates, unbounded series, unknown codes or places outside your scope give
    a 4xx with the reason, and nothing is saved."""
    user = api_user(request)
    if not user.is_authenticated:
        raise PermissionDenied("Send an API token to record an activity.")
    data = _resolve(payload.dict())
    activity = services.record_activity(by=user, data=data)
    return Status(201, activity_out(_get_visible(user, activity.pk)))


@router.patch("/{int:activity_id}", response=ActivityOut, summary="Change an activity")
def update_activity(request: HttpRequest, activity_id: int, payload: ActivityPatch) -> dict[str, Any]:
    user = _reader(request)
    activity = _get_visible(user, activity_id)
    data = _resolve(payload.dict(exclude_unset=True))
    services.update_activity(activity=activity, by=user, data=data)
    return activity_out(_get_visible(user, activity_id))


@router.post("/{int:activity_id}/status", response=ActivityOut, summary="Move an activity to a new status")
def set_status(request: HttpRequest, activity_id: int, payload: StatusIn) -> dict[str, Any]:
    """planned → confirmed → held → outcome_recorded → feedback_given, or cancelled (with a reason)."""
    user = _reader(request)
    activity = _get_visible(user, activity_id)
    data = payload.dict(exclude_unset=True)
    status = str(data.pop("status").value)
    services.change_status(
        activity=activity, by=user, status=status, **{k: v for k, v in data.items() if v is not None}
    )
    return activity_out(_get_visible(user, activity_id))
