"""API v1: "we asked, you said, we did" records."""

from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from core.api_paging import Paging, mapped, paginate
from feedback.models import FeedbackRecord

router = Router(tags=["Feedback"])


class EntryOut(Schema):
    kind: str
    text: str
    count: int | None
    happened_on: date


class RecordOut(Schema):
    id: int
    title: str
    subject_type: str
    subject_id: str
    asked: str
    said: str
    said_count: int | None
    did: str
    did_published_at: datetime | None
    due_at: datetime | None
    wards: list[str]
    boroughs: list[str]
    london_wide: bool
    url: str


class RecordDetail(RecordOut):
    entries: list[EntryOut]


def _out(r: FeedbackRecord, entries: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": r.pk,
        "title": r.title,
        "subject_type": f"{r.content_type.app_label}.{r.content_type.model}",
        "subject_id": r.object_id,
        "asked": r.asked,
        "said": r.said,
        "said_count": r.said_count,
        "did": r.did,
        "did_published_at": r.did_published_at,
        "due_at": r.due_at,
        "wards": [w.code for w in r.wards.all()],
        "boroughs": [b.code for b in r.boroughs.all()],
        "london_wide": r.london_wide,
        "url": r.get_absolute_url(),
    }
    if entries:
        data["entries"] = [
            {"kind": e.kind, "text": e.text, "count": e.count, "happened_on": e.happened_on} for e in r.entries.all()
        ]
    return data


@router.get("/", response=list[RecordOut], summary="We asked, you said, we did records")
@paginate(Paging)
def list_records(
    request: HttpRequest, ward: str = "", borough: str = "", published: bool | None = None, subject_type: str = ""
) -> Any:
    qs = FeedbackRecord.objects.select_related("content_type").prefetch_related("wards", "boroughs")
    if ward:
        qs = qs.filter(wards__code=ward.upper())
    if borough:
        qs = qs.filter(Q(wards__borough__code=borough.upper()) | Q(boroughs__code=borough.upper()))
    if published is not None:
        qs = qs.filter(did_published_at__isnull=not published)
    if subject_type and "." in subject_type:
        app_label, model = subject_type.lower().split(".", 1)
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
    return mapped(qs.distinct().order_by("-updated_at", "-pk"), _out)


@router.get("/{record_id}", response=RecordDetail, summary="One record with its dated updates")
def get_record(request: HttpRequest, record_id: int) -> dict[str, Any]:
    record = get_object_or_404(
        FeedbackRecord.objects.select_related("content_type").prefetch_related("wards", "boroughs", "entries"),
        pk=record_id,
    )
    return _out(record, entries=True)
