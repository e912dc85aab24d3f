"""Reads other apps may call, and the public sections on ward and borough pages."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from activities.models import Activity
from core.personal import Identifiers
from core.tally import CountOf
from equality.contexts import Area, parse_id
from equality.subject_access import own_answers
from groups import permissions
from groups.models import CommunityGroup, JoinRequest, Meeting, MeetingAction, MeetingAttendance, Member
from places.models import Borough, Ward


def equality_area(ident: str) -> Area | None:
    """The places of the group behind the equality context "group:<ident>" (for area scope)."""
    pk = parse_id(ident)
    group = CommunityGroup.objects.filter(pk=pk).first() if pk is not None else None
    if group is None:
        return None
    wards, boroughs, london = group.area()
    return Area(wards=wards, boroughs=boroughs, london=london)


def current_members(group: CommunityGroup) -> QuerySet[Member]:
    today = timezone.localdate()
    return group.members.filter(term_start__lte=today).filter(Q(term_end__isnull=True) | Q(term_end__gte=today))


def member_contacts(group: CommunityGroup) -> list[tuple[str, str, str]]:
    """(name, email, phone) of current members who consented to be contacted."""
    return [
        (m.name, m.email, m.phone)
        for m in current_members(group).filter(consent_to_contact=True).order_by("name")
        if m.email or m.phone
    ]


def groups_for_ward(ward: Ward, *, public_only: bool = True, london: bool = True) -> QuerySet[CommunityGroup]:
    """Groups serving a ward: its ward panel, its borough's groups and (unless `london` is False) London-wide
    groups."""
    places = Q(level=CommunityGroup.Level.WARD, ward=ward) | Q(
        level=CommunityGroup.Level.BOROUGH, borough_id=ward.borough_id
    )
    if london:
        places |= Q(level=CommunityGroup.Level.LONDON)
    qs = CommunityGroup.objects.filter(places, is_active=True)
    if public_only:
        qs = qs.filter(is_public=True)
    return qs.order_by("level", "name")


def ward_panel_for(ward: Ward) -> CommunityGroup | None:
    return CommunityGroup.objects.filter(kind=CommunityGroup.Kind.WARD_PANEL, ward=ward, is_active=True).first()


def groups_for_borough(borough: Borough, *, public_only: bool = True) -> QuerySet[CommunityGroup]:
    qs = CommunityGroup.objects.filter(is_active=True, level=CommunityGroup.Level.BOROUGH, borough=borough)
    if public_only:
        qs = qs.filter(is_public=True)
    return qs.order_by("kind", "name")


def active_groups_in(borough_ids: set[int] | None) -> QuerySet[CommunityGroup]:
    """Active groups of the given boroughs (their borough groups and ward panels); None: every group in London."""
    qs = CommunityGroup.objects.filter(is_active=True).select_related("borough", "ward__borough")
    if borough_ids is not None:
        qs = qs.filter(Q(borough__in=borough_ids) | Q(ward__borough__in=borough_ids))
    return qs.order_by("name")


def ward_panel_counts() -> dict[int, int]:
    """Active ward panels per borough id (read by funding's equitable-spread view)."""
    rows = (
        CommunityGroup.objects.filter(is_active=True, kind=CommunityGroup.Kind.WARD_PANEL, ward__isnull=False)
        .values("ward__borough_id")
        .annotate(n=Count("pk"))
    )
    return {r["ward__borough_id"]: r["n"] for r in rows}


def is_current(member: Member, today: Any) -> bool:
    """As current_members() reads it: the member's term has started and has not ended."""
    return member.term_start <= today and (member.term_end is None or member.term_end >= today)


def vacancies(group: CommunityGroup, members: list[Member] | None = None) -> list[str]:
    """Officer roles with no current holder (among `members`, the group's members already read, if given)."""
    if members is None:
        held = set(current_members(group).values_list("role", flat=True))
    else:
        today = timezone.localdate()
        held = {m.role for m in members if is_current(m, today)}
    return [
        Member.Role(r).label
        for r in (Member.Role.CHAIR, Member.Role.VICE_CHAIR, Member.Role.SECRETARY)
        if r not in held
    ]


def groups_with_vacancy(groups: QuerySet[CommunityGroup], role: str = Member.Role.CHAIR) -> QuerySet[CommunityGroup]:
    today = timezone.localdate()
    holder = Member.objects.filter(group=OuterRef("pk"), role=role, term_start__lte=today).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=today)
    )
    return groups.filter(is_active=True).exclude(Exists(holder))


def members_with_ended_terms(groups: QuerySet[CommunityGroup]) -> QuerySet[Member]:
    """Members whose term has ended (they may need re-appointing or removing)."""
    today = timezone.localdate()
    return (
        Member.objects.filter(group__in=groups, term_end__lt=today)
        .select_related("group")
        .order_by("term_end", "group__name")
    )


def quarter_ago() -> Any:
    return timezone.now() - timedelta(days=92)


# --- sections of the public ward and borough pages ------------------------------------------------------


def ward_section(ward: Ward, request: Any = None) -> dict[str, Any] | None:
    groups = list(groups_for_ward(ward, london=False))
    panel = next((g for g in groups if g.kind == CommunityGroup.Kind.WARD_PANEL and g.ward_id == ward.pk), None)
    others = [g for g in groups if g is not panel and g.level == CommunityGroup.Level.WARD]
    return {"panel": panel, "others": others, "meetings": upcoming_meetings_for([g.pk for g in groups])}


def borough_section(borough: Borough, request: Any = None) -> dict[str, Any] | None:
    groups = list(groups_for_borough(borough))
    if not groups:
        return None
    return {"borough": borough, "groups": groups, "meetings": upcoming_meetings_for([g.pk for g in groups])}


def public_meetings() -> QuerySet[Meeting]:
    """Meetings the public may see: of public groups, listed publicly, not cancelled."""
    return (
        Meeting.objects.filter(group__is_public=True, group__is_active=True, activity__is_public=True)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .select_related("group", "activity")
    )


def upcoming_meetings_for(group_ids: list[int], limit: int = 5) -> list[Meeting]:
    """Next public meetings of these groups (meetings are activities in the register)."""
    return list(
        public_meetings()
        .filter(group_id__in=group_ids, activity__starts_at__gte=timezone.now())
        .order_by("activity__starts_at")[:limit]
    )


def upcoming_public_meetings(group: CommunityGroup, limit: int = 5) -> list[Meeting]:
    return upcoming_meetings_for([group.pk], limit)


def groups_without_recent_meeting(groups: QuerySet[CommunityGroup]) -> QuerySet[CommunityGroup]:
    """Active groups with no meeting held (started and not cancelled) in the last quarter."""
    recent = Meeting.objects.filter(
        group=OuterRef("pk"), activity__starts_at__gte=quarter_ago(), activity__starts_at__lte=timezone.now()
    ).exclude(activity__status=Activity.Status.CANCELLED)
    return groups.filter(is_active=True).exclude(Exists(recent))


def overdue_actions(groups: QuerySet[CommunityGroup]) -> QuerySet[MeetingAction]:
    return (
        MeetingAction.objects.filter(meeting__group__in=groups, done_on__isnull=True, due_on__lt=timezone.localdate())
        .select_related("meeting__group", "meeting__activity")
        .order_by("due_on")
    )


# --- personal data --------------------------------------------------------------------------------------


def contacted(identifiers: Identifiers) -> tuple[QuerySet[Member], QuerySet[JoinRequest]]:
    """Memberships and requests to join under one of the person's email addresses or phone numbers (e.g. a
    member an officer added with a phone number only)."""
    emails = [t for t in identifiers.terms if "@" in t]
    phones = [t for t in identifiers.terms if "@" not in t]
    q = Q(email__in=emails) | Q(phone__in=phones) if emails or phones else Q(pk__in=[])
    for email in emails:
        q |= Q(email__iexact=email)
    return Member.objects.filter(q), JoinRequest.objects.filter(q)


def find_personal_data(identifiers: Identifiers) -> list[dict[str, Any]]:
    members, requests = contacted(identifiers)
    return [
        *(
            {"group": m.group.name, "name": m.name, "email": m.email, "phone": m.phone, "role": m.get_role_display()}
            for m in members.select_related("group")
        ),
        *(
            {"request_to_join": r.group.name, "name": r.name, "email": r.email, "phone": r.phone}
            for r in requests.select_related("group")
        ),
    ]


def export_personal_data(user: Any) -> list[dict[str, Any]]:
    email = getattr(user, "email", "")
    if not email:
        return []
    out: list[dict[str, Any]] = []
    for m in Member.objects.filter(email__iexact=email).select_related("group"):
        out.append(
            {
                "group": m.group.name,
                "name": m.name,
                "email": m.email,
                "phone": m.phone,
                "role": m.get_role_display(),
                "term_start": m.term_start.isoformat(),
                "term_end": m.term_end.isoformat() if m.term_end else None,
                "consent_to_contact": m.consent_to_contact,
                "consent_wording": m.consent_wording,
                "consent_at": m.consent_at.isoformat() if m.consent_at else None,
                "data_protection_basis": m.get_data_basis_display(),
                "briefings": [f"{b.pack.title} ({b.received_on.isoformat()})" for b in m.briefings.all()],
                "equality_answers": own_answers(m.subject_key),
            }
        )
    for r in JoinRequest.objects.filter(email__iexact=email).select_related("group"):
        out.append(
            {
                "request_to_join": r.group.name,
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "message": r.message,
                "status": r.get_status_display(),
                "asked_at": r.created_at.isoformat(),
                # Once accepted, the answers are the membership's (shown above).
                **({"equality_answers": own_answers(r.subject_key)} if r.member_id is None else {}),
            }
        )
    for g in CommunityGroup.objects.filter(contact_email__iexact=email):
        out.append(
            {
                "contact_for_group": g.name,
                "contact_name": g.contact_name,
                "contact_email": g.contact_email,
                "contact_phone": g.contact_phone,
            }
        )
    return out


def members_at(meeting: Meeting) -> QuerySet[Member]:
    """Members whose term covered the day of a meeting."""
    day = timezone.localtime(meeting.activity.starts_at).date()
    return meeting.group.members.filter(term_start__lte=day).filter(Q(term_end__isnull=True) | Q(term_end__gte=day))


def workspace_card(request: Any) -> dict[str, Any] | None:
    """Requests to join and meetings without minutes in the groups the user manages."""
    groups = permissions.manageable(request.user)
    # Read only when the card is shown: whether there are groups is counted with the workspace's other numbers.
    pending = (
        JoinRequest.objects.filter(group__in=groups, status=JoinRequest.Status.PENDING)
        .select_related("group")
        .order_by("created_at")[:5]
    )
    no_minutes = Meeting.objects.filter(group__in=groups, activity__starts_at__lt=timezone.now(), minutes="").exclude(
        activity__status="cancelled"
    )
    return {"shown_if": CountOf(groups[:1]), "pending": pending, "no_minutes": CountOf(no_minutes)}


def recent_public_decisions(group: CommunityGroup, limit: int = 3) -> list[Meeting]:
    """Past public meetings with decisions recorded, newest first, with their public papers."""
    return list(
        public_meetings()
        .filter(group=group, activity__starts_at__lt=timezone.now())
        .exclude(decisions="")
        .prefetch_related("papers")
        .order_by("-activity__starts_at")[:limit]
    )


def people_at_meeting(activity: str = "pk") -> Subquery:
    """For annotating register activities: the people the group's minutes record at the meeting held as the
    activity (members present plus other attendees); NULL where it is no group meeting or has no minutes."""
    present = (
        MeetingAttendance.objects.filter(meeting=OuterRef("pk"), status=MeetingAttendance.Status.PRESENT)
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    meetings = Meeting.objects.filter(activity=OuterRef(activity), minutes_recorded_at__isnull=False).annotate(
        people=Coalesce(Subquery(present), Value(0)) + F("other_attendees")
    )
    return Subquery(meetings.values("people")[:1])
