"""API v1: Alerts. Subscriptions are public (managed with the token from the manage link); messages are staff-only."""

from datetime import datetime, time
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from alerts import permissions, queries, services
from alerts.models import Interest, Language, Message, Subscriber, interests_from_mask
from core.api_caller import api_user
from core.api_choices import OneOf
from core.api_paging import Paging, mapped, paginate
from core.bounds import MAX_LIST, MAX_TEXT, BoundedDateTime, ObjectIn
from places.models import Borough, Ward

router = Router(tags=["Alerts"])


class SubscriptionIn(ObjectIn):
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    wants_email: bool = True
    wants_sms: bool = False
    postcode: str = Field("", max_length=12)
    wards: list[str] = Field([], max_length=MAX_LIST, description="ONS ward codes")
    boroughs: list[str] = Field([], max_length=MAX_LIST, description="ONS borough codes")
    london: bool = False
    interests: list[Annotated[str, OneOf(Interest)]] = Field(..., max_length=100)
    language: Annotated[str, OneOf(Language)] = "en"
    quiet_start: time | None = None
    quiet_end: time | None = None
    consent: bool


class SubscriptionUpdate(Schema):
    wards: list[str] = []
    boroughs: list[str] = []
    london: bool = False
    interests: list[str]
    wants_email: bool = True
    wants_sms: bool = False
    language: str = "en"
    quiet_start: time | None = None
    quiet_end: time | None = None


class SubscriptionOut(Schema):
    status: Annotated[str, OneOf(Subscriber.Status)]
    email: str
    email_confirmed: bool
    phone: str
    phone_confirmed: bool
    wards: list[str]
    boroughs: list[str]
    london: bool
    interests: list[str]
    language: str
    quiet_start: time | None
    quiet_end: time | None
    manage_token: str


class CreatedOut(Schema):
    status: str
    detail: str
    manage_token: str


class CodeIn(ObjectIn):
    code: str = Field(..., max_length=20)


class MessageIn(ObjectIn):
    subject: str = Field(..., max_length=150)
    body: str = Field(..., max_length=MAX_TEXT)
    text: str = Field("", max_length=MAX_TEXT)
    sms_text: str = Field("", max_length=306)
    priority: Annotated[str, OneOf(Message.Priority)] = "routine"
    kind: Annotated[str, OneOf(Message.Kind)] = "alert"
    wards: list[str] = Field([], max_length=MAX_LIST)
    boroughs: list[str] = Field([], max_length=MAX_LIST)
    london: bool = False
    interests: list[str] = Field([], max_length=100)
    translations: dict[str, dict[str, str]] = Field(
        {}, max_length=20
    )  # {"pl": {"subject": …, "body": …, "sms_text": …}}


class SendIn(ObjectIn):
    send_at: BoundedDateTime | None = None


class MessageOut(Schema):
    id: int
    subject: str
    kind: Annotated[str, OneOf(Message.Kind)]
    priority: Annotated[str, OneOf(Message.Priority)]
    status: Annotated[str, OneOf(Message.Status)]
    team: str | None
    wards: list[str]
    boroughs: list[str]
    london: bool
    interests: list[str]
    scheduled_for: datetime | None
    sent_at: datetime | None
    reach: int
    url: str


class MessageDetail(MessageOut):
    body: str
    text: str
    sms_text: str
    counts: dict[str, int]
    would_reach: dict[str, int] | None


def _places(wards: list[str], boroughs: list[str]) -> tuple[list[Ward], list[Borough]]:
    w = list(Ward.objects.filter(code__in=[c.upper() for c in wards]))
    b = list(Borough.objects.filter(code__in=[c.upper() for c in boroughs]))
    if len(w) != len(set(wards)) or len(b) != len(set(boroughs)):
        raise HttpError(400, "Unknown ward or borough code.")
    return w, b


def _sub_out(s: Subscriber) -> dict[str, Any]:
    return {
        "status": s.status,
        "email": s.email,
        "email_confirmed": s.email_confirmed_at is not None,
        "phone": s.phone,
        "phone_confirmed": s.phone_confirmed_at is not None,
        "wards": [w.code for w in s.wards.all()],
        "boroughs": [b.code for b in s.boroughs.all()],
        "london": s.london,
        "interests": s.interest_list,
        "language": s.language,
        "quiet_start": s.quiet_start,
        "quiet_end": s.quiet_end,
        "manage_token": services.manage_token(s),
    }


def _subscriber(token: str) -> Subscriber:
    s = services.subscriber_from_manage_token(token)
    if s is None:
        raise Http404("No subscription with this token.")
    return s


@router.post("/subscriptions", response={201: CreatedOut}, summary="Subscribe (sends the confirmation)")
def create_subscription(request: HttpRequest, payload: SubscriptionIn) -> tuple[int, dict[str, Any]]:
    if not payload.consent:
        raise HttpError(400, "Consent is required: set consent to true once the person has agreed.")
    unknown = set(payload.interests) - set(Interest.values)
    if unknown:
        raise HttpError(400, f"Unknown interests: {', '.join(sorted(unknown))}. Use: {', '.join(Interest.values)}.")
    wards, boroughs = _places(payload.wards, payload.boroughs)
    s = services.subscribe(
        email=payload.email,
        phone=payload.phone,
        wants_email=payload.wants_email,
        wants_sms=payload.wants_sms,
        postcode=payload.postcode,
        wards=wards,
        boroughs=boroughs,
        london=payload.london,
        interests=payload.interests,
        language=payload.language,
        quiet_start=payload.quiet_start,
        quiet_end=payload.quiet_end,
        source="api",
    )
    return 201, {
        "status": s.status,
        "detail": "Confirm by the link we emailed and/or the code we texted; nothing is sent before that.",
        "manage_token": services.manage_token(s),
    }


@router.get("/subscriptions/{token}", response=SubscriptionOut, summary="A subscription, by its manage token")
def get_subscription(request: HttpRequest, token: str) -> dict[str, Any]:
    return _sub_out(_subscriber(token))


@router.put("/subscriptions/{token}", response=SubscriptionOut, summary="Change a subscription")
def update_subscription(request: HttpRequest, token: str, payload: SubscriptionUpdate) -> dict[str, Any]:
    s = _subscriber(token)
    wards, boroughs = _places(payload.wards, payload.boroughs)
    services.update_preferences(
        s,
        wards=wards,
        boroughs=boroughs,
        london=payload.london,
        interests=payload.interests,
        wants_email=payload.wants_email,
        wants_sms=payload.wants_sms,
        language=payload.language,
        quiet_start=payload.quiet_start,
        quiet_end=payload.quiet_end,
    )
    s.refresh_from_db()
    return _sub_out(s)


@router.post("/subscriptions/{token}/confirm-sms", response=SubscriptionOut, summary="Confirm the mobile by code")
def confirm_sms(request: HttpRequest, token: str, payload: CodeIn) -> dict[str, Any]:
    s = services.confirm_sms(_subscriber(token), payload.code)
    return _sub_out(s)


@router.delete("/subscriptions/{token}", response={204: None}, summary="Leave (erase=true also deletes the data)")
def delete_subscription(request: HttpRequest, token: str, erase: bool = False) -> tuple[int, None]:
    s = _subscriber(token)
    if erase:
        services.forget_subscriber(s)
    else:
        services.unsubscribe(s, how="api")
    return 204, None


# ---------------------------------------------------------------- staff


def _staff(request: HttpRequest) -> Any:
    user = api_user(request)
    if not permissions.sends_alerts(user):
        raise HttpError(403, "Sending alerts needs a staff role with the send_alerts capability.")
    return user


def _msg_out(m: Message, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": m.pk,
        "subject": m.subject,
        "kind": m.kind,
        "priority": m.priority,
        "status": m.status,
        "team": str(m.team) if m.team_id else None,
        "wards": [w.code for w in m.wards.all()],
        "boroughs": [b.code for b in m.boroughs.all()],
        "london": m.london,
        "interests": interests_from_mask(m.interests),
        "scheduled_for": m.scheduled_for,
        "sent_at": m.sent_at,
        "reach": m.reach,
        "url": m.get_absolute_url(),
    }
    if detail:
        draft = m.status in Message.CHANGEABLE
        data.update(
            body=m.body,
            text=m.text,
            sms_text=m.sms_text,
            counts=queries.delivery_counts(m),
            would_reach=queries.reach_of(m) if draft else None,
        )
    return data


def _message(request: HttpRequest, pk: int) -> Message:
    m = permissions.visible_messages(_staff(request)).filter(pk=pk).first()
    if m is None:
        raise Http404("No such message.")
    return m


@router.get("/messages", response=list[MessageOut], summary="Messages in your scope (staff)")
@paginate(Paging)
def list_messages(request: HttpRequest, status: Annotated[str, OneOf(Message.Status)] | None = None) -> Any:
    qs = permissions.visible_messages(_staff(request)).select_related("team").prefetch_related("wards", "boroughs")
    if status:
        qs = qs.filter(status=status)
    return mapped(qs.order_by("-created_at", "-pk"), _msg_out)


@router.post("/messages", response={201: MessageDetail}, summary="Write a draft message (staff)")
def create_message(request: HttpRequest, payload: MessageIn) -> tuple[int, dict[str, Any]]:
    user = _staff(request)
    wards, boroughs = _places(payload.wards, payload.boroughs)
    if payload.priority not in Message.Priority.values or payload.kind not in Message.Kind.values:
        raise HttpError(400, "Unknown priority or kind.")
    m = services.save_message(
        by=user,
        subject=payload.subject,
        body=payload.body,
        text=payload.text,
        sms_text=payload.sms_text,
        priority=payload.priority,
        kind=payload.kind,
        wards=wards,
        boroughs=boroughs,
        london=payload.london,
        interests=payload.interests,
        translations=payload.translations,
    )
    return 201, _msg_out(m, detail=True)


@router.get("/messages/{pk}", response=MessageDetail, summary="A message with its delivery counts (staff)")
def get_message(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _msg_out(_message(request, pk), detail=True)


@router.post("/messages/{pk}/send", response=MessageDetail, summary="Send now or at send_at (staff)")
def send_message(request: HttpRequest, pk: int, payload: SendIn) -> dict[str, Any]:
    m = _message(request, pk)
    m = services.send_message(m, by=api_user(request), at=payload.send_at)
    m.refresh_from_db()
    return _msg_out(m, detail=True)
