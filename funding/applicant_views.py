"""The group side of funding: a group's own officer sees the open rounds, applies for their groups and follows
their applications (decision, conditions, claims and returns on each allocation's page). Staff decide elsewhere."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.errors import ServiceError
from core.forms import add_service_error
from funding import permissions, queries, services
from funding.forms import ApplicationForm
from funding.models import Round
from organisations.decorators import staff_required
from organisations.scope import Capability

CRUMBS = [("Workspace", "/staff/"), ("Your groups' funding", "/funding/groups/")]


def _today() -> date:
    return timezone.localdate()


@staff_required(Capability.APPLY_FUNDING)
def mine(request: HttpRequest) -> HttpResponse:
    today = _today()
    own = queries.with_money(permissions.own_allocations(request.user)).order_by("-round__opens_on", "project")
    page = Paginator(own, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/mine.html",
        {
            "open_rounds": Round.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("closes_on"),
            "groups": permissions.applicant_groups(request.user).order_by("name"),
            "page": page,
            "page_title": "Your groups' funding",
            "breadcrumbs": [("Workspace", "/staff/"), ("Your groups' funding", None)],
        },
    )


@staff_required(Capability.APPLY_FUNDING)
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    groups = permissions.applicant_groups(request.user).order_by("name")
    is_open = round_.opens_on <= _today() <= round_.closes_on
    form = ApplicationForm(groups=groups) if is_open else None
    status = 200
    if request.method == "POST":
        if not is_open:
            raise PermissionDenied("This round is not taking applications.")
        form = ApplicationForm(request.POST, groups=groups)
        if form.is_valid():
            data = form.cleaned_data
            try:
                allocation = services.apply(
                    request.user,
                    round_,
                    data["group"],
                    project=data["project"],
                    summary=data["summary"],
                    requested=data["requested"],
                    today=_today(),
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"Application “{allocation.project}” sent. Funding staff will decide it.")
                return redirect(allocation)
        status = 400
    return render(
        request,
        "funding/apply.html",
        {
            "round": round_,
            "form": form,
            "is_open": is_open,
            "page_title": f"Apply to {round_.name}",
            "breadcrumbs": [*CRUMBS, (round_.name, None)],
        },
        status=status,
    )
