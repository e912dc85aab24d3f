"""Staff pages: write, preview and send messages; the team inbox; reports."""

from datetime import timedelta
from typing import Any

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from alerts import audiences, compose, delivery, emails, forms, permissions, queries, reports, services, tasks
from alerts import translations as alert_translations
from alerts.models import Message, Question, Reply, interests_from_mask
from core import exports
from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from organisations.scope import Capability
from places.models import Ward

CRUMBS = [("Staff workspace", "/staff/"), ("Alerts", "/alerts/messages/")]


def _message_for(request: HttpRequest, pk: int) -> Message:
    message = permissions.visible_messages(request.user).filter(pk=pk).first()
    if message is None:
        raise Http404("No such message.")
    return message


@staff_required(Capability.SEND_ALERTS)
def message_list(request: HttpRequest) -> HttpResponse:
    qs = permissions.visible_messages(request.user).select_related("team").order_by("-created_at")
    status = request.GET.get("status", "")
    if status in Message.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "alerts/staff/message_list.html",
        {"page": page, "status": status, "statuses": Message.Status.choices, "page_title": "Alerts",
         "breadcrumbs": CRUMBS[:1] + [("Alerts", None)], "templates": compose.TEMPLATES,
         "wards": permissions.alert_scope(request.user).wards().order_by("name")[:700]},
    )  # fmt: skip


def _form_data(form: forms.MessageForm) -> dict[str, Any]:
    d = form.cleaned_data
    return {
        "subject": d["subject"], "body": d["body"], "text": d["text"], "sms_text": d["sms_text"],
        "priority": d["priority"], "kind": d["kind"], "wards": list(d["wards"]), "boroughs": list(d["boroughs"]),
        "london": d["london"], "interests": d["interests"], "audiences_chosen": form.audiences_chosen(),
        "translations": form.translations(),
    }  # fmt: skip


@staff_required(Capability.SEND_ALERTS)
def message_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    message = _message_for(request, pk) if pk else None
    if message is not None and message.status not in Message.CHANGEABLE:
        flash.info(request, "This message has been sent and cannot be changed.")
        return redirect("alerts:message_detail", message.pk)
    if message is not None:
        initial: dict[str, Any] = {
            "kind": message.kind, "subject": message.subject, "body": message.body, "text": message.text,
            "sms_text": message.sms_text, "priority": message.priority, "wards": message.wards.all(),
            "boroughs": message.boroughs.all(), "london": message.london,
            "interests": interests_from_mask(message.interests), **dict(audiences.pairs(message)),
        }  # fmt: skip
        for lang, t in (message.translations or {}).items():
            initial.update(translation_language=lang, translation_subject=t.get("subject", ""),
                           translation_body=t.get("body", ""), translation_sms=t.get("sms_text", ""))  # fmt: skip
            break
    else:
        ward = (
            Ward.objects.filter(pk=request.GET.get("ward", "")).first()
            if request.GET.get("ward", "").isdigit()
            else None
        )
        initial = compose.initial_for(request.GET.get("template", ""), ward)
    form = forms.MessageForm(
        request.POST or None,
        initial=initial,
        audiences=audiences.choices_for(request.user),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                message = services.save_message(by=request.user, message=message, **_form_data(form))
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                flash.success(request, "Draft saved. Check the preview and the reach, then send it.")
                return redirect("alerts:message_detail", message.pk)
        status = 400
    return render(
        request,
        "alerts/staff/message_form.html",
        {"form": form, "message": message, "page_title": "Edit message" if message else "Write a message",
         "breadcrumbs": CRUMBS + [("Write", None)]},
        status=status,
    )  # fmt: skip


@staff_required(Capability.SEND_ALERTS)
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_for(request, pk)
    schedule_form = forms.ScheduleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if schedule_form.is_valid():
            try:
                services.send_message(message, by=request.user, at=schedule_form.cleaned_data.get("send_at"))
            except ServiceError as exc:
                add_service_error(schedule_form, exc)
            else:
                message.refresh_from_db()
                flash.success(
                    request,
                    "Scheduled." if message.status == Message.Status.SCHEDULED else "Sending has started.",
                )
                return redirect("alerts:message_detail", message.pk)
        status = 400
    draft = message.status in Message.CHANGEABLE
    return render(
        request,
        "alerts/staff/message_detail.html",
        {"message": message, "form": schedule_form, "draft": draft,
         "reach": queries.reach_of(message) if draft else None,
         "counts": None if draft else queries.delivery_counts(message),
         "preview_html": emails.paragraphs_html(message.body),
         "interests": [i for i in interests_from_mask(message.interests)],
         "audiences": audiences.described(message),
         "translations": alert_translations.summary(message),
         "page_title": message.subject, "breadcrumbs": CRUMBS + [(message.subject, None)]},
        status=status,
    )  # fmt: skip


@staff_required(Capability.SEND_ALERTS)
@require_POST
def message_unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_for(request, pk)
    try:
        services.cancel_message(message, by=request.user)
    except ServiceError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, "The message is a draft again and will not be sent.")
    return redirect("alerts:message_detail", message.pk)


@staff_required(Capability.SEND_ALERTS)
@require_POST
def message_resend_unknown(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_for(request, pk)
    n = delivery.resend_unknown(message_id=message.pk)
    if n:
        tasks.dispatch_due.enqueue()
    flash.success(request, f"{n} deliveries with an unknown outcome will be sent again.")
    return redirect("alerts:message_detail", message.pk)


@staff_required(Capability.SEND_ALERTS)
def inbox(request: HttpRequest) -> HttpResponse:
    """Replies to the team's messages and questions routed to the team."""
    unit_ids = set(permissions.alert_scope(request.user).unit_ids)
    replies = Reply.objects.select_related("message", "subscriber").order_by("-created_at")
    questions = Question.objects.select_related("unit", "ward").order_by("answered_at", "-created_at")
    if not request.user.is_superuser:
        replies = replies.filter(message__in=permissions.visible_messages(request.user))
        questions = questions.filter(unit__in=unit_ids)
    return render(
        request,
        "alerts/staff/inbox.html",
        {"replies": Paginator(replies, 25).get_page(request.GET.get("rpage")),
         "questions": Paginator(questions, 25).get_page(request.GET.get("qpage")),
         "page_title": "Alerts inbox", "breadcrumbs": CRUMBS + [("Inbox", None)]},
    )  # fmt: skip


@staff_required(Capability.SEND_ALERTS)
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("unit", "ward"), pk=pk)
    if not permissions.can_answer(request.user, question):
        raise Http404("No such question.")
    form = forms.AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_question(question, by=request.user, answer=form.cleaned_data["answer"])
            except ServiceError as exc:
                form.add_error("answer", exc.message)
            else:
                flash.success(request, "Your answer has been emailed.")
                return redirect("alerts:inbox")
        status = 400
    return render(
        request,
        "alerts/staff/question.html",
        {"question": question, "form": form, "page_title": f"Question Q{question.pk}",
         "breadcrumbs": CRUMBS + [("Inbox", "/alerts/inbox/"), (f"Q{question.pk}", None)]},
        status=status,
    )  # fmt: skip


@staff_required(Capability.SEND_ALERTS)
def area_report(request: HttpRequest) -> HttpResponse:
    scope = permissions.alert_scope(request.user)
    boroughs = reports.boroughs_in_scope(scope)
    borough = (
        boroughs.filter(pk=request.GET.get("borough", "")).first() if request.GET.get("borough", "").isdigit() else None
    )
    months = max(
        1, min(int(request.GET.get("months", "12") or 12) if request.GET.get("months", "").isdigit() else 12, 36)
    )
    data = reports.area_report(borough=borough, scope=scope, months=months)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="alert-subscribers.csv"'
        w = exports.csv_writer(response)
        w.writerow(["month", "subscribers", "email", "sms"] + [label for _, label in data["interest_labels"]])
        for row in data["rows"]:
            w.writerow([row["month"], row["total"], row["email"], row["sms"]] + row["by_interest"])
        return response
    return render(
        request,
        "alerts/staff/area_report.html",
        {"data": data, "boroughs": boroughs, "borough": borough, "months": months,
         "page_title": "Alert subscribers by area", "breadcrumbs": CRUMBS + [("Subscribers", None)]},
    )  # fmt: skip


_ = timedelta, timezone
