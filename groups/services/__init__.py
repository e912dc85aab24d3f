"""Writes for groups: groups, members and their terms, join requests, briefings; meetings are in `meetings`, and
what both use in `common`."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from core import audit, retention
from core.errors import ServiceError
from core.personal import Identifiers, new_reference
from equality import services as equality
from groups import queries
from groups.models import (
    BriefingDocument,
    BriefingPack,
    BriefingReceipt,
    CommunityGroup,
    JoinRequest,
    MeetingAction,
    Member,
)
from groups.services.common import MAX_DOCUMENT_BYTES, invalidate_pages, require_manage, validate_document
from groups.services.meetings import (
    add_action,
    add_paper,
    complete_action,
    meeting_dates,
    record_minutes,
    schedule_meetings,
    unlist_future_meetings,
    update_meeting,
)
from languages import choices
from notifications import notify

__all__ = [  # the meeting services, offered here as `groups.services.<name>` like the rest
    "MAX_DOCUMENT_BYTES",
    "add_action",
    "add_paper",
    "complete_action",
    "meeting_dates",
    "record_minutes",
    "schedule_meetings",
    "update_meeting",
]

JOIN_CONSENT_WORDING = (
    "I agree that the police and the group's officers may keep my name and contact details to consider my "
    "request, and, if I join, to contact me about the group's meetings and work. I can withdraw at any time."
)

GROUP_FIELDS = (
    "name",
    "kind",
    "focus",
    "level",
    "ward",
    "borough",
    "purpose",
    "terms_of_reference",
    "is_public",
    "accepts_join_requests",
    "meets",
    "contact_name",
    "contact_email",
    "contact_phone",
    "supporting_unit",
    "represented_on",
    "is_active",
)


def _unique_slug(name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:180] or "group"
    slug, n = base, 2
    others = CommunityGroup.objects.filter(slug=slug)
    while (others.exclude(pk=exclude_pk) if exclude_pk else others).exists():
        slug, n = f"{base}-{n}", n + 1
        others = CommunityGroup.objects.filter(slug=slug)
    return slug


def _validate_group(group: CommunityGroup) -> None:
    level = CommunityGroup.Level
    if group.level == level.WARD:
        if not group.ward_id:
            raise ServiceError("Choose the ward this group serves.", field="ward")
        group.borough_id = group.ward.borough_id if group.ward else group.borough_id
    elif group.level == level.BOROUGH:
        if not group.borough_id:
            raise ServiceError("Choose the borough this group serves.", field="borough")
        group.ward = None
    else:
        group.ward = None
        group.borough = None
    if group.kind == CommunityGroup.Kind.WARD_PANEL:
        if group.level != level.WARD:
            raise ServiceError("A ward panel serves one ward: choose “Ward” as its area.", field="level")
        clash = CommunityGroup.objects.filter(kind=group.kind, ward=group.ward).exclude(pk=group.pk or 0)
        if clash.exists():
            raise ServiceError(f"{group.ward} already has a ward panel: {clash.first()}.", field="ward")
    if group.represented_on_id and group.pk and group.represented_on_id == group.pk:
        raise ServiceError("A group cannot send a representative to itself.", field="represented_on")


@transaction.atomic
def create_group(*, by: Any, data: dict[str, Any]) -> CommunityGroup:
    group = CommunityGroup(**{k: v for k, v in data.items() if k in GROUP_FIELDS})
    _validate_group(group)
    require_manage(by, group)
    if group.kind == CommunityGroup.Kind.WARD_PANEL and not group.represented_on_id and group.borough_id:
        # Every ward panel is represented on its borough's engagement group (seed 001, action 3.5).
        group.represented_on = borough_group_for(group.borough_id)
    group.slug = _unique_slug(group.name)
    group.save()
    if (
        group.kind == CommunityGroup.Kind.BOROUGH_GROUP
        and group.borough_id
        and borough_group_for(group.borough_id) == group
    ):
        CommunityGroup.objects.filter(
            kind=CommunityGroup.Kind.WARD_PANEL, borough_id=group.borough_id, represented_on__isnull=True
        ).update(represented_on=group)
    audit.log(by, "group.created", group, changes=audit.snapshot(group))
    invalidate_pages(group)
    return group


def borough_group_for(borough_id: int) -> CommunityGroup | None:
    return (
        CommunityGroup.objects.filter(kind=CommunityGroup.Kind.BOROUGH_GROUP, borough_id=borough_id, is_active=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def update_group(*, group: CommunityGroup, by: Any, data: dict[str, Any]) -> CommunityGroup:
    require_manage(by, group)
    before = audit.snapshot(group)
    for key, value in data.items():
        if key in GROUP_FIELDS:
            setattr(group, key, value)
    _validate_group(group)
    require_manage(by, group)
    group.save()
    if before["is_public"] and not group.is_public:
        unlist_future_meetings(group, by)
    audit.log(by, "group.updated", group, changes=audit.diff(before, audit.snapshot(group)))
    invalidate_pages(group)
    return group


# --- members --------------------------------------------------------------------------------------------

MEMBER_FIELDS = ("name", "email", "phone", "role", "term_start", "term_end", "data_basis", "notes")


def _overlaps(start: date, end: date | None) -> Q:
    """Terms that overlap [start, end] (an open end runs for ever)."""
    q = Q(term_end__isnull=True) | Q(term_end__gte=start)
    if end is not None:
        q &= Q(term_start__lte=end)
    return q


def _check_member(member: Member) -> None:
    if not member.name.strip():
        raise ServiceError("Enter the member's name.", field="name")
    if member.term_end and member.term_end < member.term_start:
        raise ServiceError("The end of the term must be on or after its start.", field="term_end")
    others = Member.objects.filter(group=member.group, role=member.role).exclude(pk=member.pk)
    overlapping = others.filter(_overlaps(member.term_start, member.term_end))
    if member.role in Member.SINGLE_HOLDER_ROLES:
        clash = overlapping.first()
        if clash:
            raise ServiceError(
                f"{clash.name} is {clash.get_role_display().lower()} from {clash.term_start:%-d %B %Y}"
                f"{f' to {clash.term_end:%-d %B %Y}' if clash.term_end else ''}: "
                f"terms in the same role cannot overlap.",
                field="term_start",
            )
    same_person = Q(name__iexact=member.name.strip())
    if member.email:
        same_person |= Q(email__iexact=member.email)
    if overlapping.filter(same_person).exists():
        raise ServiceError(
            f"{member.name} already has a term as {member.get_role_display().lower()} that overlaps these dates.",
            field="term_start",
        )


def _consent(member: Member, consent: bool, wording: str) -> None:
    if consent and not member.consent_to_contact:
        member.consent_at = timezone.now()
        member.consent_wording = wording or JOIN_CONSENT_WORDING
    if not consent:
        member.consent_at = None
        member.consent_wording = ""
    member.consent_to_contact = consent


@transaction.atomic
def add_member(
    *, group: CommunityGroup, by: Any, data: dict[str, Any], consent: bool = False, consent_wording: str = ""
) -> Member:
    require_manage(by, group)
    member = Member(group=group, **{k: v for k, v in data.items() if k in MEMBER_FIELDS})
    _check_member(member)
    _consent(member, consent, consent_wording)
    member.save()
    audit.log(by, "group.member_added", group, changes={"member": member.name, "role": member.role})
    return member


@transaction.atomic
def update_member(
    *, member: Member, by: Any, data: dict[str, Any], consent: bool | None = None, consent_wording: str = ""
) -> Member:
    require_manage(by, member.group)
    before = audit.snapshot(member, MEMBER_FIELDS)
    for key, value in data.items():
        if key in MEMBER_FIELDS:
            setattr(member, key, value)
    _check_member(member)
    if consent is not None:
        _consent(member, consent, consent_wording)
    member.save()
    audit.log(
        by, "group.member_updated", member.group, changes=audit.diff(before, audit.snapshot(member, MEMBER_FIELDS))
    )
    return member


@transaction.atomic
def remove_member(*, member: Member, by: Any) -> None:
    """Delete a member's record, with their equality answers."""
    require_manage(by, member.group)
    group = member.group
    name = member.name
    member.delete()  # the post_delete signal withdraws the equality answers
    audit.log(by, "group.member_removed", group, changes={"member": name})


@transaction.atomic
def record_member_equality(*, member: Member, answers: dict[str, str]) -> None:
    """Record a member's own equality-monitoring answers, counted in their group."""
    equality.record_answers(subject_key=member.subject_key, contexts=[member.group.context], answers=answers)


@transaction.atomic
def withdraw_member_equality(*, member: Member, by: Any) -> int:
    """Delete a member's equality answers on their request."""
    require_manage(by, member.group)
    count = equality.withdraw_answers(subject_key=member.subject_key)
    audit.log(by, "group.member_equality_withdrawn", member.group, changes={"member": member.name})
    return count


# --- join requests --------------------------------------------------------------------------------------


def officer_emails(group: CommunityGroup) -> list[str]:
    """Where to send news of a join request: the group's contact, chair and secretary."""
    today = timezone.localdate()
    emails = [group.contact_email] if group.contact_email else []
    officers = group.members.filter(role__in=[Member.Role.CHAIR, Member.Role.SECRETARY]).filter(_overlaps(today, today))
    emails += [m.email for m in officers if m.email]
    if not emails and group.supporting_unit and group.supporting_unit.email:
        emails.append(group.supporting_unit.email)
    return list(dict.fromkeys(emails))


@transaction.atomic
def request_to_join(
    *,
    group: CommunityGroup,
    data: dict[str, Any],
    consent: bool,
    equality_answers: dict[str, str] | None = None,
    language: str = "",
) -> JoinRequest:
    """Record a request to join from the public page (`language`: the page's; the emails to the person follow
    it, those to the group's officers are English)."""
    if not group.is_public or not group.is_active or not group.accepts_join_requests:
        raise ServiceError(gettext("This group is not taking requests to join."))
    if not consent:
        raise ServiceError(
            gettext("Tick the box to agree that we may keep your details to consider your request."), field="consent"
        )
    name = (data.get("name") or "").strip()
    email = (data.get("email") or "").strip()
    if not name:
        raise ServiceError(gettext("Enter your name."), field="name")
    if not email:
        raise ServiceError(gettext("Enter your email address."), field="email")
    if group.join_requests.filter(email__iexact=email, status=JoinRequest.Status.PENDING).exists():
        raise ServiceError(
            gettext("You have already asked to join this group. Its officers will reply by email."), field="email"
        )
    request = JoinRequest.objects.create(
        group=group,
        name=name,
        email=email,
        phone=data.get("phone", ""),
        message=data.get("message", ""),
        consent_wording=JOIN_CONSENT_WORDING,
        consent_at=timezone.now(),
        language=choices.stored(language),
    )
    withdraw_link = ""
    if equality_answers and any(equality_answers.values()):
        # Counted in the group's profile only if they join.
        equality.record_answers(subject_key=request.subject_key, contexts=[], answers=equality_answers)
        with translation.override(choices.site_language(request.language)):  # that language's page
            withdraw_link = settings.SITE_URL + reverse(
                "equality:withdraw", args=[equality.withdraw_token(request.subject_key)]
            )
    audit.log(None, "group.join_requested", group, changes={"request": request.pk})
    ctx = {"group": group, "request": request, "site_url": settings.SITE_URL, "withdraw_link": withdraw_link}
    with translation.override(choices.site_language(request.language)):
        notify.send_email(
            to=email,
            subject=gettext("Your request to join %(group)s") % {"group": group.name},
            text=render_to_string("groups/email/join_received.txt", ctx),
            reason="groups.join_requested",
        )
    for to in officer_emails(group):
        notify.send_email(
            to=to,
            subject=f"Request to join {group.name}",
            text=render_to_string("groups/email/join_for_officers.txt", ctx),
            reason="groups.join_requested",
        )
    return request


@transaction.atomic
def decide_join_request(*, request: JoinRequest, by: Any, accept: bool, note: str = "") -> JoinRequest:
    group = request.group
    require_manage(by, group)
    request = JoinRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != JoinRequest.Status.PENDING:
        raise ServiceError(f"This request has already been {request.get_status_display().lower()}.")
    request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_note = note
    if accept:
        member = Member(
            group=group,
            name=request.name,
            email=request.email,
            phone=request.phone,
            role=Member.Role.MEMBER,
            term_start=timezone.localdate(),
            consent_to_contact=True,
            consent_wording=request.consent_wording,
            consent_at=request.consent_at,
            data_basis=Member.Basis.CONSENT,
            subject_key=request.subject_key,
        )
        _check_member(member)
        member.save()
        request.member = member
        equality.add_to_context(subject_key=member.subject_key, context=group.context)
    else:
        equality.withdraw_answers(subject_key=request.subject_key)
    request.save()
    audit.log(by, "group.join_decided", group, changes={"request": request.pk, "status": request.status})
    with translation.override(choices.site_language(request.language)):  # the language they asked in
        notify.send_email(
            to=request.email,
            subject=gettext("%(group)s: your request to join") % {"group": group.name},
            text=render_to_string("groups/email/join_decided.txt", {"group": group, "request": request}),
            reason="groups.join_decided",
        )
    return request


# --- briefings ------------------------------------------------------------------------------------------


@transaction.atomic
def add_briefing_document(*, pack: BriefingPack, by: Any, title: str, upload: Any) -> BriefingDocument:
    validate_document(upload)
    document = BriefingDocument.objects.create(pack=pack, title=title, file=upload)
    audit.log(by, "group.briefing_document_added", pack, changes={"title": title})
    return document


@transaction.atomic
def record_briefing(*, member: Member, pack: BriefingPack, by: Any, received_on: date, how: str) -> BriefingReceipt:
    require_manage(by, member.group)
    if received_on > timezone.localdate():
        raise ServiceError("The date received cannot be in the future.", field="received_on")
    if BriefingReceipt.objects.filter(member=member, pack=pack, received_on=received_on).exists():
        raise ServiceError(f"{member.name} is already recorded as receiving this briefing that day.", field="pack")
    receipt = BriefingReceipt.objects.create(member=member, pack=pack, received_on=received_on, how=how, recorded_by=by)
    audit.log(by, "group.briefing_recorded", member.group, changes={"member": member.name, "pack": pack.title})
    return receipt


# --- equality monitoring for members --------------------------------------------------------------------

MONITORING_SALT = "groups.monitoring"


def monitoring_token(member: Member) -> str:
    """A secret token for the member's own equality-monitoring page (answer or withdraw)."""
    return signing.dumps(member.subject_key, salt=MONITORING_SALT)


def member_from_monitoring_token(token: str) -> Member:
    try:
        key = signing.loads(token, salt=MONITORING_SALT)
    except signing.BadSignature as exc:
        raise ServiceError(gettext("This link is not valid. Check you copied all of it."), code="bad_token") from exc
    member = Member.objects.select_related("group").filter(subject_key=key).first()
    if member is None:
        raise ServiceError(
            gettext("This link no longer works: the membership it was for has been removed."), code="gone"
        )
    return member


@transaction.atomic
def send_monitoring_invitation(*, member: Member, by: Any) -> None:
    """Email a member a private link to the voluntary equality-monitoring questions."""
    require_manage(by, member.group)
    if not member.email:
        raise ServiceError(f"{member.name} has no email address to send the link to.")
    # A member who joined by asking on the public site gets it in the language they asked in; others in English.
    asked_in = JoinRequest.objects.filter(member=member).values_list("language", flat=True).first() or ""
    with translation.override(choices.site_language(asked_in)):
        link = settings.SITE_URL + reverse("groups:monitoring", args=[monitoring_token(member)])
        notify.send_email(
            to=member.email,
            subject=gettext("%(group)s: optional equality monitoring questions") % {"group": member.group.name},
            text=render_to_string("groups/email/monitoring.txt", {"member": member, "link": link}),
            reason="groups.monitoring_invitation",
        )
    audit.log(by, "group.monitoring_invited", member.group, changes={"member": member.name})


@transaction.atomic
def expire_records(now: Any) -> int:
    """Delete members whose term ended longer ago than MEMBER_RETENTION_DAYS, and requests to join made
    longer ago than JOIN_REQUEST_RETENTION_DAYS (an accepted request lives on as the membership), with
    their equality answers. Their names in the audit log (members added, changed, removed) give way to one
    opaque reference for the run."""
    ended = retention.cutoff(now, "MEMBER_RETENTION_DAYS").date()
    requests = list(JoinRequest.objects.filter(created_at__lt=retention.cutoff(now, "JOIN_REQUEST_RETENTION_DAYS")))
    members = list(Member.objects.filter(term_end__lt=ended))
    names = {r.name for r in requests} | {m.name for m in members}
    # Someone who is still a member (another term, another group) keeps their name in the log.
    current = Member.objects.exclude(pk__in=[m.pk for m in members]).filter(name__in=names)
    names -= set(current.values_list("name", flat=True))
    for obj in [*requests, *members]:
        obj.delete()  # signals delete the equality answers
    if names:
        audit.pseudonymise(Identifiers.of([("name", n) for n in names]), new_reference())
    return len(requests) + len(members)


@transaction.atomic
def forget_personal_data(identifiers: Identifiers, reference: str) -> int:
    """Delete memberships and requests found by the person's email addresses or phone numbers, with their
    equality answers."""
    members, requests = queries.contacted(identifiers)
    found = [*requests, *members]
    for obj in found:
        obj.delete()  # signals delete the equality answers
    return len(found)


@transaction.atomic
def erase_personal_data(user: Any) -> int:
    """Delete memberships and join requests under the user's email, with their equality answers; actions
    of meetings owned by them lose the owner's name; a group they were the contact for loses the details."""
    email = getattr(user, "email", "")
    if not email:
        return 0
    members = list(Member.objects.filter(email__iexact=email))
    requests = list(JoinRequest.objects.filter(email__iexact=email))
    actions = 0
    for member in members:
        actions += MeetingAction.objects.filter(meeting__group=member.group_id, owner__iexact=member.name).update(
            owner=""
        )
    for obj in [*requests, *members]:
        obj.delete()  # signals delete the equality answers
    contacts = CommunityGroup.objects.filter(contact_email__iexact=email).update(
        contact_name="", contact_email="", contact_phone=""
    )
    count = len(members) + len(requests) + actions + contacts
    if count:
        audit.log(None, "group.personal_data_erased", changes={"records": count})
    return count
