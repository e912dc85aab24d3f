"""Writes for issues, ward priorities and the online ward panel."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core import audit, pagecache
from core.errors import Conflict, NotAllowed, ServiceError
from feedback import queries as feedback_queries
from feedback import services as feedback_services
from languages import choices
from notifications import notify
from places.models import Ward
from places.services import find_postcode
from priorities import permissions
from priorities.models import Category, Issue, PanelMember, PanelRound, PanelVote, Priority, Review

# Greater London lies within this box (with a small margin); a point outside it is outside London.
LONDON_BOX = (Decimal("51.28"), Decimal("51.70"), Decimal("-0.52"), Decimal("0.34"))


class RateLimited(ServiceError):
    status = 429

    def __init__(self, message: str) -> None:
        super().__init__(message, code="rate_limited")


def check_rate_limit(ident: str, *, limit: int | None = None, window: int | None = None, action: str = "raise") -> None:
    """Allow `limit` issues (or status look-ups) per `window` seconds from one address; raise RateLimited after."""
    limit = limit or int(getattr(settings, "ISSUE_RATE_LIMIT", 5))
    window = window or int(getattr(settings, "ISSUE_RATE_WINDOW", 600))
    key = f"priorities:{action}:{ident}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    if count > limit:
        numbers = {"limit": limit, "minutes": max(1, window // 60)}
        if action == "raise":
            done = gettext("You have told us about %(limit)s issues in the last %(minutes)s minutes.") % numbers
        else:
            done = gettext("You have looked up %(limit)s issues in the last %(minutes)s minutes.") % numbers
        raise RateLimited(f"{done} {gettext('Please wait a few minutes and try again, or call 101.')}")


STATUS_SALT = "priorities.issue-status"


def status_token(issue: Issue) -> str:
    """A private token for the status page of one report; whoever holds it can read the report's progress."""
    return signing.dumps(issue.pk, salt=STATUS_SALT, compress=True)


def issue_from_status_token(token: str) -> Issue | None:
    try:
        pk = signing.loads(token, salt=STATUS_SALT)
    except signing.BadSignature:
        return None
    return Issue.objects.select_related("ward__borough", "priority").filter(pk=pk).first()


def status_url(issue: Issue) -> str:
    """The absolute address of a report's status page, for emails."""
    return settings.SITE_URL + reverse("priorities:status", args=[status_token(issue)])


def find_issue(*, reference: str, email: str) -> Issue | None:
    """The report with this reference whose reporter gave this email address (both as typed, any case)."""
    reference, email = (reference or "").strip(), (email or "").strip()
    if not reference or not email:
        return None
    return Issue.objects.filter(reference__iexact=reference, contact_email__iexact=email).first()


def _require_manage(user: Any, ward: Ward) -> None:
    if not permissions.can_manage(user, ward):
        raise NotAllowed("You cannot manage priorities for this ward.")


def _invalidate(ward: Ward) -> None:
    pagecache.invalidate(wards=[ward.pk], boroughs=[ward.borough_id], london=True)


@dataclass(frozen=True)
class Place:
    ward: Ward
    postcode: str
    latitude: Decimal | None
    longitude: Decimal | None


def resolve_place(
    *,
    postcode: str = "",
    ward: Ward | None = None,
    ward_code: str = "",
    latitude: Any = None,
    longitude: Any = None,
) -> Place:
    """The ward of an issue from a postcode or a chosen ward; a point, if given, must lie in London."""
    lat = lon = None
    if latitude not in (None, "") or longitude not in (None, ""):
        try:
            lat, lon = Decimal(str(latitude)), Decimal(str(longitude))
        except (InvalidOperation, ValueError) as exc:
            raise ServiceError(gettext("Enter the point as a latitude and a longitude."), field="latitude") from exc
        if not (lat.is_finite() and lon.is_finite()):
            raise ServiceError(gettext("Enter the point as a latitude and a longitude."), field="latitude")
        south, north, west, east = LONDON_BOX
        if not (south <= lat <= north and west <= lon <= east):
            raise ServiceError(
                gettext(
                    "That point is not in London. This service covers the 32 London boroughs and the City of London."
                ),
                field="latitude",
                code="outside_london",
            )
        lat, lon = round(lat, 6), round(lon, 6)
    shown = ""
    if postcode.strip():
        match = find_postcode(postcode)
        if ward is not None and ward.pk != match.ward.pk:
            ward = match.ward  # the postcode is more precise than the chosen ward
        ward, shown = match.ward, match.postcode
    elif ward is None and ward_code:
        ward = Ward.objects.select_related("borough").filter(code=ward_code.strip().upper()).first()
        if ward is None:
            raise ServiceError(gettext("Choose a London ward from the list."), field="ward", code="unknown_ward")
    if ward is None:
        raise ServiceError(
            gettext("Tell us where: enter a London postcode, or choose the ward."), field="postcode", code="no_location"
        )
    return Place(ward, shown, lat, lon)


@transaction.atomic
def raise_issue(
    *,
    category: str,
    description: str,
    frequency: str,
    place: Place,
    address: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    by: Any = None,
    activity: Any = None,
    language: str = "",
) -> Issue:
    """Record an issue (from the public, or heard by an officer) and give it a reference number.

    `language` is the language of the page it was raised on: the reporter's emails follow it."""
    description = (description or "").strip()
    if not description:
        raise ServiceError(gettext("Describe the problem."), field="description", code="required")
    if category not in Category.values:
        raise ServiceError(gettext("Choose what kind of problem it is."), field="category")
    if frequency not in Issue.Frequency.values:
        raise ServiceError(gettext("Choose how often it happens."), field="frequency")
    officer = getattr(by, "is_authenticated", False)
    if officer and not permissions.can_record_issue(by, place.ward):
        raise NotAllowed("You can only record issues for wards you work in.")
    issue = Issue.objects.create(
        category=category,
        ward=place.ward,
        borough_id=place.ward.borough_id,
        postcode=place.postcode,
        address=address.strip()[:255],
        latitude=place.latitude,
        longitude=place.longitude,
        description=description,
        frequency=frequency,
        contact_name=contact_name.strip()[:150],
        contact_email=contact_email.strip().lower(),
        contact_phone=contact_phone.strip()[:30],
        language=choices.stored(language),
        source=Issue.Source.OFFICER if officer else Issue.Source.PUBLIC,
        recorded_by=by if officer else None,
        activity=activity,
    )
    issue.reference = f"ISS-{timezone.localdate().year}-{issue.pk:06d}"
    issue.save(update_fields=["reference"])
    audit.log(by if officer else "public", "priorities.issue.raise", issue, changes={"ward": str(place.ward)})
    if issue.contact_email:
        send_confirmation(issue)
    return issue


def send_confirmation(issue: Issue) -> None:
    """Email the reporter their reference and private status link, in the language of the page they used
    (the link leads to that language's status page)."""
    with translation.override(choices.site_language(issue.language)):
        if issue.contact_name:
            greeting = gettext("Dear %(name)s,") % {"name": issue.contact_name}
        else:
            greeting = gettext("Hello,")
        thanks = gettext("Thank you for telling the %(ward)s neighbourhood team about a problem (%(category)s).") % {
            "ward": issue.ward.name,
            "category": issue.get_category_display(),
        }
        paragraphs = [
            greeting,
            thanks,
            gettext("Your reference is %(reference)s.") % {"reference": issue.reference},
            gettext("The ward panel and the team look at the issues raised when they set the ward's priorities.")
            + " "
            + gettext("We will tell you what was done."),
            gettext("See how your report is progressing at any time (this link is private to you):")
            + "\n"
            + status_url(issue),
            gettext("This is not how to report a crime: in an emergency call 999, otherwise call 101."),
        ]
        subject = gettext("We have your report %(reference)s") % {"reference": issue.reference}
    notify.send_email(
        to=issue.contact_email, subject=subject, text="\n\n".join(paragraphs) + "\n", reason="priorities.issue_raised"
    )


@transaction.atomic
def update_issue(*, issue: Issue, by: Any, status: str, note: str = "") -> Issue:
    _require_manage(by, issue.ward)
    if status not in Issue.Status.values:
        raise ServiceError(gettext("Choose a status."), field="status")
    before = audit.snapshot(issue, ["status", "staff_note"])
    issue.status = status
    if note.strip():
        issue.staff_note = note.strip()
    issue.save(update_fields=["status", "staff_note"])
    audit.log(by, "priorities.issue.update", issue, changes=audit.diff(before, audit.snapshot(issue, before)))
    return issue


def _feedback_for(priority: Priority, by: Any) -> None:
    feedback_services.ensure_record(
        subject=priority,
        by=by,
        title=f"{priority.ward.name}: {priority.get_category_display()}: {priority.issue[:150]}",
        asked=f"We asked people in {priority.ward.name} what problems matter most to them.",
        wards=[priority.ward],
    )
    for issue in priority.issues.exclude(contact_email="", contact_phone=""):
        feedback_services.add_participant(
            subject=priority,
            email=issue.contact_email,
            phone=issue.contact_phone,
            name=issue.contact_name,
            source="issue",
            language=issue.language,
        )


@transaction.atomic
def set_priority(
    *,
    ward: Ward,
    by: Any,
    category: str,
    issue: str,
    action: str,
    review_by: date | None,
    set_by: str = Priority.SetBy.PANEL,
    issues: Iterable[int] = (),
    set_on: date | None = None,
) -> Priority:
    """Set a current ward priority from the issues raised; their raisers will hear what was done."""
    _require_manage(by, ward)
    issue, action = (issue or "").strip(), (action or "").strip()
    if not issue:
        raise ServiceError(gettext("Describe the priority."), field="issue", code="required")
    if not action:
        raise ServiceError(gettext("Say what the police and partners will do."), field="action", code="required")
    if category not in Category.values:
        raise ServiceError(gettext("Choose a category."), field="category")
    set_on = set_on or timezone.localdate()
    if review_by is not None and review_by <= set_on:
        raise ServiceError(gettext("The review date must be after the date the priority is set."), field="review_by")
    priority = Priority.objects.create(
        ward=ward,
        category=category,
        issue=issue,
        action=action,
        set_by=set_by,
        status=Priority.Status.CURRENT,
        set_on=set_on,
        review_by=review_by,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    linked = Issue.objects.filter(ward=ward, pk__in=list(issues))
    linked.update(priority=priority, status=Issue.Status.PRIORITY)
    audit.log(by, "priorities.priority.set", priority, changes=audit.snapshot(priority))
    _feedback_for(priority, by)
    _invalidate(ward)
    return priority


@transaction.atomic
def review_priority(
    *,
    priority: Priority,
    by: Any,
    done: str,
    outcome: str,
    reviewed_on: date | None = None,
    next_review_by: date | None = None,
    publish: bool = True,
    replacement: dict[str, Any] | None = None,
) -> Review:
    """Record what was done; close, continue or replace the priority. Publishing tells everyone who took part."""
    _require_manage(by, priority.ward)
    priority = Priority.objects.select_for_update().get(pk=priority.pk)
    if priority.status != Priority.Status.CURRENT:
        raise Conflict("Only a current priority can be reviewed.")
    done = (done or "").strip()
    if not done:
        raise ServiceError(gettext("Say what was done."), field="done", code="required")
    if outcome not in Review.Outcome.values:
        raise ServiceError(gettext("Choose whether the priority is closed, continued or replaced."), field="outcome")
    reviewed_on = reviewed_on or timezone.localdate()
    if priority.set_on is not None and reviewed_on < priority.set_on:
        raise ServiceError(gettext("A priority cannot be reviewed before it was set."), field="reviewed_on")
    if outcome == Review.Outcome.CONTINUED and (next_review_by is None or next_review_by <= reviewed_on):
        raise ServiceError(gettext("Give the next review date, after today."), field="next_review_by")
    review = Review.objects.create(
        priority=priority,
        reviewed_on=reviewed_on,
        done=done,
        outcome=outcome,
        next_review_by=next_review_by if outcome == Review.Outcome.CONTINUED else None,
        reviewed_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if outcome == Review.Outcome.CONTINUED:
        priority.review_by = next_review_by
        priority.save(update_fields=["review_by"])
    else:
        priority.status = Priority.Status.CLOSED if outcome == Review.Outcome.CLOSED else Priority.Status.REPLACED
        priority.closed_on = reviewed_on
        priority.save(update_fields=["status", "closed_on"])
        if outcome == Review.Outcome.REPLACED:
            if not replacement:
                raise ServiceError(gettext("Describe the priority that replaces it."), field="replacement_issue")
            new = set_priority(ward=priority.ward, by=by, set_by=priority.set_by, **replacement)
            priority.replaced_by = new
            priority.save(update_fields=["replaced_by"])
    audit.log(by, "priorities.priority.review", priority, changes={"outcome": outcome, "done": done})
    if feedback_queries.record_for(priority) is None:
        _feedback_for(priority, by)
    record = feedback_queries.record_for(priority)
    assert record is not None  # noqa: S101 - created just above
    if publish:
        feedback_services.add_entry(
            record=record, by=by, kind="did", text=done, happened_on=reviewed_on, check_permission=False
        )
    else:
        feedback_services.set_due(subject=priority, held_at=reviewed_on)
    _invalidate(priority.ward)
    return review


@transaction.atomic
def open_panel_round(
    *,
    ward: Ward,
    by: Any,
    title: str,
    opens_at: Any,
    closes_at: Any,
    options: list[dict[str, str]],
) -> PanelRound:
    """Open an online panel vote on proposed priorities (at least two)."""
    _require_manage(by, ward)
    if not title.strip():
        raise ServiceError(gettext("Give the vote a title."), field="title", code="required")
    if closes_at <= opens_at:
        raise ServiceError(gettext("The vote must close after it opens."), field="closes_at")
    options = [o for o in options if (o.get("issue") or "").strip()]
    if len(options) < 2:
        raise ServiceError(gettext("Propose at least two priorities to vote on."), field="options")
    panel_round = PanelRound.objects.create(
        ward=ward, title=title.strip(), opens_at=opens_at, closes_at=closes_at, created_by=by
    )
    for option in options:
        category = option.get("category") or Category.OTHER
        if category not in Category.values:
            raise ServiceError(gettext("Choose a category for each proposal."), field="options")
        Priority.objects.create(
            ward=ward,
            category=category,
            issue=option["issue"].strip(),
            action=(option.get("action") or "").strip(),
            status=Priority.Status.PROPOSED,
            panel_round=panel_round,
            set_by=Priority.SetBy.PANEL,
            created_by=by,
        )
    audit.log(by, "priorities.round.open", panel_round, changes={"options": len(options)})
    _invalidate(ward)
    return panel_round


@transaction.atomic
def join_panel(*, ward: Ward, user: Any) -> PanelMember:
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed("Sign in (or create an account) to join the online panel.")
    member, created = PanelMember.objects.get_or_create(ward=ward, user=user)
    if created:
        audit.log(user, "priorities.panel.join", member)
    return member


def is_open(panel_round: PanelRound, now: Any = None) -> bool:
    now = now or timezone.now()
    return panel_round.opens_at <= now < panel_round.closes_at


@transaction.atomic
def cast_vote(*, panel_round: PanelRound, user: Any, choice_id: int, comment: str = "") -> PanelVote:
    """One vote per verified person per round, only while the round is open."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(gettext("Sign in to vote."))
    if not is_open(panel_round):
        message = (
            gettext("This vote has not opened yet. Your vote was not recorded.")
            if timezone.now() < panel_round.opens_at
            else gettext("This vote has closed. Your vote was not recorded.")
        )
        raise ServiceError(message, field="choice", code="closed")
    if not PanelMember.objects.filter(ward=panel_round.ward, user=user).exists():
        raise NotAllowed(gettext("Join the %(ward)s online panel before you vote.") % {"ward": panel_round.ward.name})
    choice = panel_round.options.filter(pk=choice_id).first()
    if choice is None:
        raise ServiceError(gettext("Choose one of the proposed priorities."), field="choice")
    if PanelVote.objects.filter(round=panel_round, user=user).exists():
        raise Conflict(gettext("You have already voted in this round. Each person has one vote."))
    try:
        with transaction.atomic():
            vote = PanelVote.objects.create(
                round=panel_round, user=user, choice=choice, comment=(comment or "").strip()[:2000]
            )
    except IntegrityError as exc:
        raise Conflict(gettext("You have already voted in this round. Each person has one vote.")) from exc
    audit.log(user, "priorities.panel.vote", panel_round)
    return vote


@transaction.atomic
def adopt_proposal(*, proposal: Priority, by: Any, action: str, review_by: date | None) -> Priority:
    """The panel adopts a proposed priority (usually the most voted); voters will hear what was done."""
    _require_manage(by, proposal.ward)
    if proposal.status != Priority.Status.PROPOSED:
        raise Conflict("This proposal has already been decided.")
    action = (action or proposal.action).strip()
    if not action:
        raise ServiceError(gettext("Say what the police and partners will do."), field="action", code="required")
    today = timezone.localdate()
    if review_by is not None and review_by <= today:
        raise ServiceError(gettext("The review date must be in the future."), field="review_by")
    proposal.status = Priority.Status.CURRENT
    proposal.action = action
    proposal.set_on = today
    proposal.review_by = review_by
    proposal.save(update_fields=["status", "action", "set_on", "review_by"])
    audit.log(by, "priorities.priority.adopt", proposal)
    _feedback_for(proposal, by)
    if proposal.panel_round_id:
        for vote in PanelVote.objects.filter(round_id=proposal.panel_round_id).select_related("user"):
            if vote.user is None:
                continue  # the voter has deleted their account
            feedback_services.add_participant(
                subject=proposal,
                email=vote.user.email,
                name=str(vote.user),
                source="vote",
                language=vote.user.language,
            )
    _invalidate(proposal.ward)
    return proposal
