"""The SMS outbox page for administrators: one-off text messages given up on, and sending one again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from notifications import outbox
from notifications import sms as sms_outbox
from notifications.models import SmsOutbox
from organisations.decorators import staff_required

CRUMBS = [("Staff workspace", "/staff/"), ("Alerts", "/alerts/messages/"), ("Text messages not delivered", None)]


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm("alerts.resend_sms"):
        raise PermissionDenied("Only administrators may see the text messages that were not delivered.")


@staff_required()
def sms_list(request: HttpRequest) -> HttpResponse:
    """Text messages that failed every attempt or whose last attempt stopped part-way, newest first."""
    _check(request)
    page = Paginator(outbox.given_up(SmsOutbox), 25).get_page(request.GET.get("page"))
    waiting = SmsOutbox.objects.filter(status=SmsOutbox.Status.QUEUED, attempts__gt=0).count()
    return render(
        request,
        "core/outbox.html",
        {
            **outbox.rules_in_words("text message"),
            "page": page,
            "waiting": waiting,
            "resend_url": "alerts:sms_resend",
            "page_title": "Text messages not delivered",
            "breadcrumbs": CRUMBS,
        },
    )


@require_POST
@staff_required()
def sms_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue one text message given up on again (audited)."""
    _check(request)
    sms = get_object_or_404(SmsOutbox, pk=pk)
    if sms_outbox.resend_sms(sms, by=request.user):
        messages.success(request, f"The text message to {sms.to} will be sent again.")
    else:
        messages.info(request, f"The text message to {sms.to} is no longer waiting for a decision: nothing changed.")
    return redirect("alerts:sms_outbox")
