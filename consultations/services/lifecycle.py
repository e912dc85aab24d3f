"""A consultation's life: creating, changing, publishing and closing it; its entry in the engagement
register and its "we asked, you said, we did" record."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from activities import services as activity_services
from activities.models import Activity
from core import audit, pagecache
from core.errors import Conflict, ServiceError
from feedback import services as feedback_services

from ..models import (
    Consultation,
    Question,
    Questionnaire,
)

TOKEN_SALT = "consultations.invitation"  # noqa: S105 - a signing salt, not a secret
CONSULTATION_FIELDS = [
    "title",
    "proposal",
    "why_asking",
    "can_change",
    "cannot_change",
    "how_used",
    "audience",
    "accessible_formats",
    "contact_email",
    "opens_at",
    "closes_at",
    "identity",
    "organising_unit",
    "london_wide",
]


class AnswersInvalid(ServiceError):
    """Some answers cannot be accepted; `errors` maps each question's field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.values()), "Check your answers.")
        super().__init__(first, code="invalid_answers")
        self.errors = errors


def invalidate_pages(consultation: Consultation) -> None:
    pagecache.invalidate(
        wards=list(consultation.wards.values_list("pk", flat=True)),
        boroughs=list(consultation.boroughs.values_list("pk", flat=True)),
        london=True,
    )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "consultation"
    slug, n = base, 2
    while Consultation.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _check_dates(data: dict[str, Any]) -> None:
    if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
        raise ServiceError("The closing date must be after the opening date.", field="closes_at")


@transaction.atomic
def create_consultation(*, by: Any, data: dict[str, Any]) -> Consultation:
    """A draft consultation with an empty first questionnaire."""
    _check_dates(data)
    wards, boroughs = list(data.get("wards") or []), list(data.get("boroughs") or [])
    if not (wards or boroughs or data.get("london_wide")):
        raise ServiceError("Choose the areas this consultation concerns, or London as a whole.", field="boroughs")
    consultation = Consultation.objects.create(
        slug=_unique_slug(data["title"]),
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **{k: data[k] for k in CONSULTATION_FIELDS if k in data},
    )
    consultation.wards.set(wards)
    consultation.boroughs.set(boroughs)
    Questionnaire.objects.create(consultation=consultation, version=1)
    audit.log(by, "consultation.created", consultation, changes=audit.snapshot(consultation))
    return consultation


@transaction.atomic
def update_consultation(*, consultation: Consultation, by: Any, data: dict[str, Any]) -> Consultation:
    _check_dates(data)
    before = audit.snapshot(consultation)
    for k in CONSULTATION_FIELDS:
        if k in data:
            setattr(consultation, k, data[k])
    consultation.save()
    if "wards" in data:
        consultation.wards.set(data["wards"])
    if "boroughs" in data:
        consultation.boroughs.set(data["boroughs"])
    audit.log(by, "consultation.updated", consultation, changes=audit.diff(before, audit.snapshot(consultation)))
    if consultation.is_published:
        ensure_feedback_record(consultation, by)  # keeps the outcome's target in step with the closing date
    invalidate_pages(consultation)
    _sync_register(consultation, by)
    return consultation


@transaction.atomic
def publish_consultation(*, consultation: Consultation, by: Any) -> Consultation:
    questionnaire = consultation.current_questionnaire()
    if questionnaire is None or not Question.objects.filter(section__questionnaire=questionnaire).exists():
        raise ServiceError("Add at least one question before you publish the consultation.")
    consultation.is_published = True
    consultation.save(update_fields=["is_published", "updated_at"])
    audit.log(by, "consultation.published", consultation)
    ensure_feedback_record(consultation, by)
    invalidate_pages(consultation)
    _sync_register(consultation, by)
    return consultation


@transaction.atomic
def close_consultation(*, consultation: Consultation, by: Any) -> Consultation:
    """Stop taking answers now (before the planned closing time); the outcome is then owed from today."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_published:
        raise Conflict("Only a published consultation can be closed.")
    now = timezone.now()
    if consultation.closes_at <= now:
        raise Conflict("This consultation has already closed.")
    if consultation.opens_at > now:
        raise Conflict("This consultation has not opened yet: change its dates, or leave it unpublished.")
    before = audit.snapshot(consultation)
    consultation.closes_at = now
    consultation.save(update_fields=["closes_at", "updated_at"])
    audit.log(by, "consultation.closed", consultation, changes=audit.diff(before, audit.snapshot(consultation)))
    ensure_feedback_record(consultation, by)
    invalidate_pages(consultation)
    _sync_register(consultation, by)
    return consultation


def _sync_register(consultation: Consultation, by: Any) -> None:
    """Enter a published consultation in the engagement register (once), so it counts in clashes and fatigue.

    The register needs an organising unit; a consultation without one (e.g. loaded as demo data) is not entered.
    """
    if not consultation.is_published or consultation.activity_id or consultation.organising_unit is None:
        return
    data = {
        "title": consultation.title,
        "purpose": consultation.why_asking,
        "use_of_results": consultation.how_used,
        "method": Activity.Method.SURVEY,
        "tier": Activity.Tier.CENTRAL if consultation.london_wide else Activity.Tier.BUSINESS_GROUP,
        "organising_unit": consultation.organising_unit,
        "wards": list(consultation.wards.all()),
        "boroughs": list(consultation.boroughs.all()),
        "london_wide": consultation.london_wide,
        "starts_at": consultation.opens_at,
        # The register holds occurrences of up to a year; a longer consultation is entered for its first year.
        "ends_at": min(consultation.closes_at, consultation.opens_at + timedelta(days=365)),
        "is_public": True,
        "status": Activity.Status.CONFIRMED,
    }
    if by is not None and getattr(by, "is_authenticated", False):
        data["lead"] = by
    activity = activity_services.record_activity(by=by, data=data, check_scope=False)
    consultation.activity_id = activity.pk
    consultation.save(update_fields=["activity_id"])


def ensure_feedback_record(consultation: Consultation, by: Any) -> None:
    """The consultation's "we asked, you said, we did" record (created once)."""
    feedback_services.ensure_record(
        subject=consultation,
        by=by,
        asked=consultation.proposal,
        title=consultation.title,
        wards=list(consultation.wards.values_list("pk", flat=True)),
        boroughs=list(consultation.boroughs.values_list("pk", flat=True)),
        london_wide=consultation.london_wide,
    )
