"""For administrators: transactional emails given up on (and sending one again), and how the scheduled jobs ran."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.models import ScheduledJob
from notifications import notify, outbox
from notifications.models import OutboundEmail
from organisations.decorators import staff_required
from workspace import permissions

CRUMBS = [("Staff workspace", "/staff/"), ("Emails not delivered", None)]


def _check(request: HttpRequest) -> None:
    if not permissions.resends_email(request.user):
        raise PermissionDenied("Only administrators may see the emails that were not delivered.")


@staff_required()
def email_outbox(request: HttpRequest) -> HttpResponse:
    """Emails that failed every attempt or whose last attempt stopped part-way, newest first."""
    _check(request)
    page = Paginator(outbox.given_up(OutboundEmail), 25).get_page(request.GET.get("page"))
    waiting = OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED, attempts__gt=0).count()
    return render(
        request,
        "core/outbox.html",
        {
            **outbox.rules_in_words("email"),
            "page": page,
            "waiting": waiting,
            "resend_url": "workspace:email_resend",
            "page_title": "Emails not delivered",
            "breadcrumbs": CRUMBS,
        },
    )


@require_POST
@staff_required()
def email_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue one email given up on again (audited)."""
    _check(request)
    email = get_object_or_404(OutboundEmail, pk=pk)
    if notify.resend_email(email, by=request.user):
        messages.success(request, f"The email to {email.to} will be sent again.")
    else:
        messages.info(request, f"The email to {email.to} is no longer waiting for a decision: nothing was changed.")
    return redirect("workspace:email_outbox")


def delivery_card(request: HttpRequest) -> dict[str, object] | None:
    """The administrators' workspace card: emails given up on, and the last run of every scheduled job."""
    if not permissions.views_schedule(request.user):
        return None
    return {
        "given_up": outbox.given_up(OutboundEmail).count(),
        "jobs": list(ScheduledJob.objects.filter(name__in=list(settings.SCHEDULE))),
    }
