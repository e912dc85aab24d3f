"""The staff workspace: a home page composed of each domain's cards, and object history."""

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import audit, registry, tally
from core.audit_display import present, reader_for
from core.models import Notification
from organisations.decorators import staff_required
from organisations.permissions import reads_audit, reads_audit_names
from organisations.scope import Capability
from workspace.permissions import has_history


@staff_required()
def home(request: HttpRequest) -> HttpResponse:
    cards = registry.workspace.render_list(request)
    tally.count_in(ctx for _section, ctx in cards)  # every card's numbers in one query
    # A card may wait for one of its numbers to say whether it has anything to show (`shown_if`).
    cards = [(section, ctx) for section, ctx in cards if ctx.get("shown_if", True)]
    return render(request, "workspace/home.html", {"cards": cards, "page_title": "Staff workspace"})


def notifications_card(request: HttpRequest) -> dict[str, Any]:
    """The workspace card with the number of unread notices."""
    unread = Notification.objects.filter(user=request.user.pk, read_at__isnull=True)
    return {"unread": tally.CountOf(unread), "latest": unread[:3]}


@staff_required()
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's in-app notices, newest first."""
    show = request.GET.get("show", "all")
    qs = Notification.objects.filter(user=request.user.pk)
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/notifications.html",
        {
            "page": page,
            "show": show,
            "unread_count": Notification.objects.filter(user=request.user.pk, read_at__isnull=True).count(),
            "page_title": "Notifications",
            "breadcrumbs": [("Staff workspace", "/staff/"), ("Notifications", None)],
        },
    )


@require_POST
@staff_required()
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notice (`id`) or every notice as read."""
    qs = Notification.objects.filter(user=request.user.pk, read_at__isnull=True)
    ident = request.POST.get("id")
    if ident:
        if not ident.isdigit():
            raise Http404("No such notification.")
        qs = qs.filter(pk=int(ident))
    count = qs.update(read_at=timezone.now())
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("workspace:notifications")


@staff_required(Capability.VIEW_AUDIT)
def history(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """Who changed what on one record."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise Http404("No such kind of record.") from exc
    if not has_history(model):
        raise Http404("No such kind of record.")
    try:
        obj = model._default_manager.filter(pk=pk).first()
    except (ValueError, ValidationError):  # an id of the wrong shape for this kind of record
        obj = None
    if obj is None:
        raise Http404("No such record.")
    if not reads_audit(request.user):
        raise PermissionDenied
    if not request.user.has_perm("workspace.view_history", obj):
        raise Http404("No such record in your area.")
    reader = reader_for(request.user, entitled=reads_audit_names(request.user))
    entries = present(audit.history_for(obj)[:500], reader)
    return render(
        request,
        "workspace/history.html",
        {
            "obj": obj,
            "entries": entries,
            "page_title": f"History of {obj}",
            "breadcrumbs": [("Staff workspace", "/staff/"), (f"History of {obj}", None)],
        },
    )
