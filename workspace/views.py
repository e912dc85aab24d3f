"""The staff workspace: a home page composed of each domain's cards, and object history."""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core import audit, registry
from organisations.decorators import staff_required
from organisations.scope import Capability, has_capability


@staff_required()
def home(request: HttpRequest) -> HttpResponse:
    cards = registry.workspace.render_list(request)
    return render(request, "workspace/home.html", {"cards": cards, "page_title": "Staff workspace"})


@staff_required(Capability.VIEW_AUDIT)
def history(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """Who changed what on one record."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise Http404("No such kind of record.") from exc
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404("No such record.")
    if not has_capability(request.user, Capability.VIEW_AUDIT):
        raise PermissionDenied
    entries = audit.history_for(obj)[:500]
    return render(
        request,
        "workspace/history.html",
        {"obj": obj, "entries": entries, "page_title": f"History of {obj}"},
    )
