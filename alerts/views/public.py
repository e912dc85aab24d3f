"""Public pages: subscribe, confirm, manage (from a signed link, no account), leave, reply, contact."""

import hmac

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from alerts import forms, services
from alerts.models import Delivery, Language, Message, Subscriber
from core import ratelimit
from core.errors import ServiceError
from languages import content


def _error(form: forms.GovukForm, exc: ServiceError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def subscribe(request: HttpRequest) -> HttpResponse:
    initial: dict[str, object] = {}
    site_language = (get_language() or "en").split("-")[0]
    if site_language in Language.values:  # the language of the page the person subscribed on
        initial["language"] = site_language
    if request.GET.get("ward"):
        initial["wards"] = [w for w in request.GET.getlist("ward") if w.isdigit()]
    form = forms.SubscribeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                subscriber = services.subscribe(
                    email=d["email"] or "", phone=d["phone"] or "", wants_email=d["wants_email"],
                    wants_sms=d["wants_sms"], postcode=d["postcode"] or "", wards=list(d["wards"]),
                    boroughs=list(d["boroughs"]), london=d["london"], interests=d["interests"],
                    language=d["language"], quiet_start=d["quiet_start"], quiet_end=d["quiet_end"],
                )  # fmt: skip
            except ServiceError as exc:
                _error(form, exc)
            else:
                return redirect("alerts:check", services.manage_token(subscriber))
        status = 400
    return render(
        request,
        "alerts/subscribe.html",
        {
            "form": form,
            "page_title": _("Get police alerts for your area"),
            "breadcrumbs": [(_("Home"), "/"), (_("Alerts"), None)],
        },
        status=status,
    )


def check(request: HttpRequest, token: str) -> HttpResponse:
    """After subscribing: check your email, and type the SMS code."""
    subscriber = services.subscriber_from_manage_token(token)
    if subscriber is None:
        raise Http404("This link is not valid.")
    form = forms.CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.confirm_sms(subscriber, form.cleaned_data["code"])
            except ServiceError as exc:
                form.add_error("code", exc.message)
            else:
                messages.success(request, _("Your mobile number is confirmed. Alerts will now reach you by text."))
                return redirect("alerts:manage", token)
        status = 400
    return render(
        request,
        "alerts/check.html",
        {"subscriber": subscriber, "form": form, "token": token, "page_title": _("Confirm your subscription")},
        status=status,
    )


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    if request.method == "POST":
        try:
            subscriber = services.confirm_email(token)
        except ServiceError as exc:
            return render(
                request,
                "alerts/link_problem.html",
                {"problem": exc.message, "page_title": _("Link problem")},
                status=400,
            )
        return render(
            request,
            "alerts/confirmed.html",
            {
                "subscriber": subscriber,
                "manage_token": services.manage_token(subscriber),
                "page_title": _("Subscription confirmed"),
            },
        )
    return render(request, "alerts/confirm_email.html", {"token": token, "page_title": _("Confirm your email address")})


def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = services.subscriber_from_manage_token(token)
    if subscriber is None:
        raise Http404("This link is not valid, or you have already left.")
    initial = {
        "wards": subscriber.wards.all(), "boroughs": subscriber.boroughs.all(), "london": subscriber.london,
        "interests": subscriber.interest_list, "wants_email": subscriber.wants_email, "wants_sms": subscriber.wants_sms,
        "language": subscriber.language, "quiet_start": subscriber.quiet_start, "quiet_end": subscriber.quiet_end,
    }  # fmt: skip
    form = forms.ManageForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.update_preferences(
                    subscriber, wards=list(d["wards"]), boroughs=list(d["boroughs"]), london=d["london"],
                    interests=d["interests"], wants_email=d["wants_email"], wants_sms=d["wants_sms"],
                    language=d["language"], quiet_start=d["quiet_start"], quiet_end=d["quiet_end"],
                )  # fmt: skip
            except ServiceError as exc:
                _error(form, exc)
            else:
                messages.success(request, _("Your alert choices are saved."))
                return redirect("alerts:manage", token)
        status = 400
    return render(
        request,
        "alerts/manage.html",
        {"form": form, "subscriber": subscriber, "token": token, "page_title": _("Your alerts")},
        status=status,
    )


@require_POST
def leave(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = services.subscriber_from_manage_token(token)
    if subscriber is None:
        raise Http404("This link is not valid, or you have already left.")
    services.unsubscribe(subscriber, how="manage page")
    return render(request, "alerts/left.html", {"page_title": _("You have unsubscribed")})


@require_POST
def delete_data(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = services.subscriber_from_manage_token(token)
    if subscriber is None:
        raise Http404("This link is not valid, or your data is already deleted.")
    services.forget_subscriber(subscriber)
    return render(request, "alerts/left.html", {"page_title": _("Your data is deleted"), "deleted": True})


@ratelimit.exempt  # mail providers post these from a few addresses for all their users; a signed link guards it
@csrf_exempt
def one_click_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058: a POST from the mail client unsubscribes at once, with no CSRF token and no confirmation."""
    if request.method == "POST":
        subscriber = services.unsubscribe_by_token(token)
        if subscriber is None:
            return HttpResponse("This unsubscribe link is not valid.", status=400, content_type="text/plain")
        return render(request, "alerts/left.html", {"page_title": _("You have unsubscribed")})
    return render(request, "alerts/unsubscribe.html", {"token": token, "page_title": _("Stop these alerts")})


def message_page(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """A sent message seen from its email link: reply to the team, or say whether it was useful."""
    message = get_object_or_404(Message, pk=pk, status__in=[Message.Status.SENDING, Message.Status.SENT])
    subscriber = services.subscriber_from_manage_token(token)
    if subscriber is None or not Delivery.objects.filter(message=message, subscriber=subscriber).exists():
        raise Http404("This link is not valid.")
    form = forms.ReplyForm(request.POST or None) if request.POST.get("action") == "reply" else forms.ReplyForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action in {"useful", "not_useful"}:
            services.rate_message(message=message, subscriber=subscriber, useful=action == "useful")
            messages.success(request, _("Thank you for telling us."))
            return redirect(request.path)
        if form.is_valid():
            services.reply_to_message(message=message, subscriber=subscriber, text=form.cleaned_data["text"])
            messages.success(request, _("Your reply has been sent to the team."))
            return redirect(request.path)
        status = 400
    return render(
        request,
        "alerts/message_public.html",
        {"message": message, "form": form, "token": token, "page_title": content.text(message, "subject")},
        status=status,
    )


def contact(request: HttpRequest) -> HttpResponse:
    form = forms.ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                q = services.ask_question(
                    topic=d["topic"],
                    email=d["email"],
                    text=d["text"],
                    name=d["name"],
                    postcode=d["postcode"],
                    language=get_language(),
                )
            except ServiceError as exc:
                _error(form, exc)
            else:
                return render(request, "alerts/contact_done.html", {"question": q, "page_title": _("Question sent")})
        status = 400
    return render(
        request, "alerts/contact.html", {"form": form, "page_title": _("Ask the police a question")}, status=status
    )


def _gateway_allowed(request: HttpRequest) -> bool:
    secret = getattr(settings, "ALERTS_WEBHOOK_SECRET", "")
    given = request.headers.get("X-Webhook-Secret", "")
    return bool(secret) and hmac.compare_digest(given.encode(), secret.encode())  # in constant time


@ratelimit.exempt  # the gateway's own secret guards it; one gateway posts for every subscriber
@csrf_exempt
@require_POST
def inbound_sms(request: HttpRequest) -> HttpResponse:
    """The SMS gateway posts replies here (form or JSON: from/sender, text/body); STOP ends SMS alerts."""
    if not _gateway_allowed(request):
        return JsonResponse({"detail": "Unknown caller"}, status=403)
    data = _payload(request)
    if not isinstance(data, dict):
        return JsonResponse({"detail": "Send one message as a JSON object or a form"}, status=400)
    outcome = services.receive_sms(
        sender=str(data.get("from") or data.get("sender") or ""), text=str(data.get("text") or data.get("body") or "")
    )
    return JsonResponse({"outcome": outcome})


@ratelimit.exempt  # the provider's own secret guards it; one provider posts for every message
@csrf_exempt
@require_POST
def provider_events(request: HttpRequest) -> HttpResponse:
    """Bounce, complaint, delivered and opened notifications from the email provider (JSON list or object)."""
    if not _gateway_allowed(request):
        return JsonResponse({"detail": "Unknown caller"}, status=403)
    data = _payload(request)
    events = data if isinstance(data, list) else [data]
    fields = ("event", "address", "message_id", "detail")
    # The whole batch is checked first and applied as one: a malformed event is a 400 with nothing applied,
    # never a server error or the events before it half-applied.
    if not all(isinstance(e, dict) and all(isinstance(e.get(f, ""), str) for f in fields) for e in events):
        return JsonResponse({"detail": "Send events as JSON objects whose fields are text."}, status=400)
    results = []
    try:
        with transaction.atomic():
            for e in events:
                results.append(services.record_event(**{f: e.get(f, "") for f in fields}))
    except ServiceError as exc:
        return JsonResponse({"detail": exc.message}, status=400)
    return JsonResponse({"results": results})


def _payload(request: HttpRequest) -> dict | list:
    import json

    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict | list) else {}
    return request.POST.dict()


def manage_link_help(request: HttpRequest) -> HttpResponse:
    """Lost the link: we email a fresh manage link to the address, if it is subscribed."""
    status = 200
    if request.method == "POST":
        email = request.POST.get("email", "").strip()
        for s in Subscriber.objects.filter(email__iexact=email).exclude(status=Subscriber.Status.LEFT)[:5]:
            services.send_manage_link(s)
        messages.success(request, _("If that address is subscribed, we have emailed it a link."))
        return redirect(reverse("alerts:manage_link"))
    return render(request, "alerts/manage_link.html", {"page_title": _("Change your alerts")}, status=status)
