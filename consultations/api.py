"""API v1: Consultations. Public read and submit; results for staff who may run or read them.

GET  /api/v1/consultations/                    published consultations
GET  /api/v1/consultations/{slug}              one consultation with its current questions
POST /api/v1/consultations/{slug}/responses    answer it (same validation as the web form)
GET  /api/v1/consultations/{slug}/results      counts per question and response rates (staff)
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from core.api_caller import api_user
from core.api_paging import Paging, mapped, paginate
from core.bounds import MAX_LIST, ObjectIn
from core.errors import ServiceError

from . import permissions, queries, services
from .models import Consultation, Question

router = Router(tags=["Consultations"])


class QuestionOut(Schema):
    id: int
    section: str
    kind: str
    text: str
    hint: str
    required: bool
    options: list[str]
    min_value: int | None
    max_value: int | None
    show_if: int | None = Field(None, description="Shown only if this question's answer is one of show_if_values")
    show_if_values: list[str]


class ConsultationOut(Schema):
    slug: str
    title: str
    state: str
    proposal: str
    why_asking: str
    can_change: str
    cannot_change: str
    how_used: str
    audience: str
    accessible_formats: str
    opens_at: datetime
    closes_at: datetime
    identity: str
    london_wide: bool
    boroughs: list[str]
    wards: list[str]
    url: str
    is_historical: bool


class ConsultationDetailOut(ConsultationOut):
    version: int | None
    questions: list[QuestionOut]


class SubmitIn(ObjectIn):
    answers: dict[str, Any] = Field(
        ...,
        max_length=MAX_LIST,
        description="Question id to answer: a string; a list of strings (multiple choice); a list in order of "
        "preference or {item: rank} (ranking); scale answers 1 (strongly disagree) to 5 (strongly agree).",
    )
    idempotency_key: str = Field(..., min_length=8, max_length=64, description="Unique per response; retries reuse it")
    invitation: str = Field("", max_length=100)
    name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)


class SubmitOut(Schema):
    response: int
    detail: str


class BarOut(Schema):
    label: str
    count: int
    percent: float


class ResultOut(Schema):
    question: int
    text: str
    kind: str
    answered: int
    bars: list[BarOut]
    mean: float | None
    themes: list[dict[str, Any]]


class RateOut(Schema):
    body: str
    invited: int
    answered: int
    percent: float
    boroughs: int
    summary: str


class ResultsOut(Schema):
    responses: int
    version: int
    results: list[ResultOut]
    rates: list[RateOut]


def _out(c: Consultation) -> dict[str, Any]:
    return {
        "slug": c.slug,
        "title": c.title,
        "state": c.state(),
        "proposal": c.proposal,
        "why_asking": c.why_asking,
        "can_change": c.can_change,
        "cannot_change": c.cannot_change,
        "how_used": c.how_used,
        "audience": c.audience,
        "accessible_formats": c.accessible_formats,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "identity": c.identity,
        "london_wide": c.london_wide,
        "boroughs": [b.code for b in c.boroughs.all()],
        "wards": [w.code for w in c.wards.all()],
        "url": c.get_absolute_url(),
        "is_historical": c.is_historical,
    }


@router.get("/", response=list[ConsultationOut], url_name="consultations", summary="Published consultations")
@paginate(Paging)
def list_consultations(request: HttpRequest, open_only: bool = False) -> Any:
    qs = queries.open_consultations() if open_only else queries.public_consultations()
    return mapped(qs.prefetch_related("boroughs", "wards").order_by("-closes_at", "-pk"), _out)


@router.get(
    "/{slug}", response=ConsultationDetailOut, url_name="consultation", summary="A consultation and its questions"
)
def get_consultation(request: HttpRequest, slug: str) -> dict[str, Any]:
    c = get_object_or_404(queries.public_consultations(), slug=slug)
    questionnaire = c.current_questionnaire()
    questions = (
        Question.objects.filter(section__questionnaire=questionnaire).select_related("section") if questionnaire else []
    )
    return {
        **_out(c),
        "version": questionnaire.version if questionnaire else None,
        "questions": [
            {
                "id": q.pk,
                "section": q.section.title,
                "kind": q.kind,
                "text": q.text,
                "hint": q.hint,
                "required": q.required,
                "options": q.choices(),
                "min_value": q.min_value,
                "max_value": q.max_value,
                "show_if": q.show_if_id,
                "show_if_values": q.show_if_values,
            }
            for q in questions
        ],
    }


@router.post(
    "/{slug}/responses",
    response={201: SubmitOut, 200: SubmitOut},
    url_name="submit",
    summary="Answer a consultation",
    auth=None,
)
def submit(request: HttpRequest, slug: str, payload: SubmitIn) -> tuple[int, dict[str, Any]]:
    c = get_object_or_404(queries.public_consultations(), slug=slug)
    raw: dict[int, Any] = {}
    for key, value in payload.answers.items():
        if not str(key).isdigit():
            raise HttpError(422, f"“{key}” is not a question id.")
        raw[int(key)] = value
    before = c.responses.filter(idempotency_key=payload.idempotency_key).exists()
    try:
        response = services.submit_response(
            consultation=c,
            raw=raw,
            idempotency_key=payload.idempotency_key,
            token=payload.invitation,
            name=payload.name,
            email=payload.email,
        )
    except services.AnswersInvalid as exc:
        fields = {k[1:] if k.startswith("q") and k[1:].isdigit() else k: v for k, v in exc.errors.items()}
        raise HttpError(400, "; ".join(f"{k}: {v}" for k, v in fields.items())) from exc
    if before:
        return 200, {"response": response.pk, "detail": "Already received."}
    return 201, {"response": response.pk, "detail": "Thank you. Your answers have been received."}


@router.get("/{slug}/results", response=ResultsOut, url_name="results", summary="Results (staff)")
def results(request: HttpRequest, slug: str, version: int | None = None) -> dict[str, Any]:
    user = api_user(request)
    c = get_object_or_404(Consultation, slug=slug)
    if not permissions.can_read_results(user, c):
        raise HttpError(404 if not getattr(user, "is_authenticated", False) else 403, "You cannot see these results.")
    qs = c.questionnaires.order_by("-version")
    questionnaire = qs.filter(version=version).first() if version else qs.first()
    if questionnaire is None:
        raise HttpError(404, "No such questionnaire version.")
    out = []
    for r in queries.question_results(questionnaire):
        out.append(
            {
                "question": r.question.pk,
                "text": r.question.text,
                "kind": r.question.kind,
                "answered": r.answered,
                "bars": [b.__dict__ for b in r.bars],
                "mean": r.mean,
                "themes": [{"name": t["theme"].name, "count": t["count"], "quotes": t["quotes"]} for t in r.themes],
            }
        )
    return {
        "responses": questionnaire.response_count,
        "version": questionnaire.version,
        "results": out,
        "rates": [
            {
                "body": rr.label,
                "invited": rr.invited,
                "answered": rr.answered,
                "percent": rr.percent,
                "boroughs": rr.boroughs,
                "summary": rr.sentence(),
            }
            for rr in queries.rates_by_body(c)
        ],
    }


__all__ = ["router", "ServiceError"]
