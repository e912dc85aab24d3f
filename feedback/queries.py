"""Reads of feedback records other apps may call."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from feedback.models import FeedbackRecord
from places.models import Borough, Ward


def record_for(subject: models.Model) -> FeedbackRecord | None:
    """The feedback record of a priority, consultation or activity, or None."""
    ct = ContentType.objects.get_for_model(subject)
    return FeedbackRecord.objects.filter(content_type=ct, object_id=str(subject.pk)).first()


def for_ward(ward: Ward) -> QuerySet[FeedbackRecord]:
    return FeedbackRecord.objects.filter(Q(wards=ward) | Q(boroughs=ward.borough_id) | Q(london_wide=True)).distinct()


def for_borough(borough: Borough) -> QuerySet[FeedbackRecord]:
    return FeedbackRecord.objects.filter(
        Q(wards__borough=borough) | Q(boroughs=borough) | Q(london_wide=True)
    ).distinct()


def ward_section(ward: Ward, request: Any = None) -> dict[str, Any] | None:
    records = list(for_ward(ward).filter(did_published_at__isnull=False).order_by("-did_published_at")[:5])
    open_records = list(
        for_ward(ward).filter(did_published_at__isnull=True).exclude(asked="", said="").order_by("-updated_at")[:3]
    )
    return {"records": records, "open_records": open_records, "area": ward.name}


def borough_section(borough: Borough, request: Any = None) -> dict[str, Any] | None:
    records = list(for_borough(borough).filter(did_published_at__isnull=False).order_by("-did_published_at")[:8])
    return {"records": records, "open_records": [], "area": borough.name}
