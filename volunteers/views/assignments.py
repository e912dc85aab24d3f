"""A campaign's coordinators assign its targets: add people to the campaign, then assign chosen targets to one
of them (or to nobody), or share every unassigned target evenly. The rules: `volunteers.services.assignments`."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from organisations.decorators import staff_required
from organisations.scope import Capability
from volunteers.forms import AddAssigneesForm
from volunteers.services import assignments
from volunteers.views.campaigns import CRUMBS, _campaign, _manager

PER_PAGE = 100


def _page(
    request: HttpRequest, campaign: object, form: AddAssigneesForm | None = None, status: int = 200
) -> HttpResponse:
    targets = campaign.targets.select_related("assigned_to").order_by("pk")  # type: ignore[attr-defined]
    shown = request.GET.get("show", "")
    if shown == "unassigned":
        targets = targets.filter(assigned_to__isnull=True)
    return render(
        request,
        "volunteers/assign.html",
        {
            "campaign": campaign,
            "people": campaign.assignees.order_by("email"),  # type: ignore[attr-defined]
            "page": Paginator(targets, PER_PAGE).get_page(request.GET.get("page")),
            "show": shown,
            "filter_query": "show=unassigned" if shown == "unassigned" else "",
            "by_person": assignments.progress(campaign),  # type: ignore[arg-type]
            "form": form or AddAssigneesForm(),
            "page_title": f"Assign targets: {campaign}",
            "breadcrumbs": [*CRUMBS, (str(campaign), campaign.get_absolute_url()), ("Assign targets", None)],  # type: ignore[attr-defined]
        },
        status=status,
    )


@staff_required(Capability.COORDINATE_VOLUNTEERS)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    _manager(request, campaign)
    if request.method != "POST":
        return _page(request, campaign)
    person_id = request.POST.get("assignee", "")
    assignee = None
    if person_id not in ("", "none"):
        assignee = campaign.assignees.filter(pk=person_id).first() if person_id.isdigit() else None
        if assignee is None:
            messages.error(request, "Choose someone who works this campaign.")
            return _page(request, campaign, status=400)
    try:
        if request.POST.get("action") == "share":
            shares = assignments.share_unassigned(by=request.user, campaign=campaign)
            who = "1 person" if len(shares) == 1 else f"{len(shares)} people"
            messages.success(request, f"{sum(shares.values())} targets shared among {who}.")
        else:
            ids = request.POST.getlist("targets")
            if not all(i.isdigit() and len(i) < 12 for i in ids):
                raise ServiceError("Choose targets from the list.", field="targets")
            changed = assignments.assign_targets(
                by=request.user, campaign=campaign, target_ids=[int(i) for i in ids], assignee=assignee
            )
            who = (assignee.get_full_name() or assignee.email) if assignee else "nobody"
            messages.success(request, f"{changed} target{'s' if changed != 1 else ''} assigned to {who}.")
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _page(request, campaign, status=exc.status)
    return redirect("volunteers:campaign_assign", pk=campaign.pk)


@staff_required(Capability.COORDINATE_VOLUNTEERS)
@require_POST
def people(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    _manager(request, campaign)
    form = AddAssigneesForm(request.POST)
    if request.POST.get("remove", "").isdigit():
        user = campaign.assignees.filter(pk=request.POST["remove"]).first()
        if user is None:
            messages.error(request, "That person does not work this campaign.")
            return _page(request, campaign, status=400)
        try:
            freed = assignments.remove_assignee(by=request.user, campaign=campaign, user=user)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return _page(request, campaign, status=exc.status)
        messages.success(request, f"{user.email} taken off the campaign; {freed} of their targets are unassigned.")
        return redirect("volunteers:campaign_assign", pk=campaign.pk)
    if form.is_valid():
        try:
            users = assignments.accounts_for(form.cleaned_data["emails"])
            added = assignments.add_assignees(by=request.user, campaign=campaign, users=users)
        except ServiceError as exc:
            form.add_error("emails", exc.message)
        else:
            messages.success(request, f"{added} {'person' if added == 1 else 'people'} added to the campaign.")
            return redirect("volunteers:campaign_assign", pk=campaign.pk)
    return _page(request, campaign, form=form, status=400)
