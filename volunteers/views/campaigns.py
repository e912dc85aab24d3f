"""Outreach campaigns: coordinators create them and import the target list; those assigned record outcomes.

Anyone signed in reaches these pages, but a campaign is found only through `permissions.visible_campaigns`
(its borough's coordinators and those assigned), so for anyone else it is a 404. Contact details are shown
on the page to those who work the list and are never exported.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from organisations.scope import Capability
from volunteers import permissions
from volunteers.forms import CampaignForm, ImportForm, OutcomeForm
from volunteers.models import Campaign, Target
from volunteers.services import assignments, outreach

CRUMBS = [("Outreach campaigns", "/volunteers/campaigns/")]
MAX_ASSIGNEES = 200


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(permissions.visible_campaigns(request.user), pk=pk)


def _manager(request: HttpRequest, campaign: Campaign) -> None:
    if not permissions.can_manage_campaign(request.user, campaign):
        raise PermissionDenied("Only the campaign's coordinators do this.")


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(permissions.visible_campaigns(request.user).select_related("borough"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "volunteers/campaigns.html",
        {
            "page": page,
            "can_create": permissions.can_coordinate(request.user),
            "page_title": "Outreach campaigns",
            "breadcrumbs": [("Outreach campaigns", None)],
        },
    )


@staff_required(Capability.COORDINATE_VOLUNTEERS)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, boroughs=permissions.coordinated_boroughs(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        emails = [e.strip().lower() for e in data.pop("assignees").splitlines() if e.strip()]
        users = list(get_user_model().objects.filter(email__in=emails, is_active=True))
        unknown = sorted(set(emails) - {u.email.lower() for u in users})
        if len(emails) > MAX_ASSIGNEES:
            form.add_error("assignees", f"Assign at most {MAX_ASSIGNEES} people.")
        elif unknown:
            form.add_error("assignees", f"No account with these addresses: {', '.join(unknown)}.")
        else:
            try:
                campaign = outreach.create_campaign(by=request.user, data=data, assignees=users)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"Campaign created: {campaign}. Import its target list next.")
                return redirect(campaign)
    return render(
        request,
        "volunteers/form.html",
        {
            "form": form,
            "page_title": "Create an outreach campaign",
            "breadcrumbs": [*CRUMBS, ("Create", None)],
            "button": "Create campaign",
        },
        status=400 if form.errors else 200,
    )


def _detail(request: HttpRequest, campaign: Campaign, status: int = 200, **extra: object) -> HttpResponse:
    manages = permissions.can_manage_campaign(request.user, campaign)
    targets = campaign.targets.select_related("assigned_to").order_by("outcome", "pk")
    if not manages:
        targets = targets.filter(assigned_to_id=request.user.pk)
    counts = outreach.outcome_counts(campaign)
    total = sum(counts.values())
    done = total - counts.get("none", 0)
    labels = dict(Target.Outcome.choices)
    return render(
        request,
        "volunteers/campaign.html",
        {
            "campaign": campaign,
            "manages": manages,
            "page": Paginator(targets, 50).get_page(request.GET.get("page")),
            "progress": [(labels.get("" if k == "none" else k, k), n) for k, n in sorted(counts.items())],
            "total": total,
            "by_person": assignments.progress(campaign, only=None if manages else request.user),
            "done": done,
            "outcome_form": OutcomeForm(),
            "import_form": ImportForm(),
            "page_title": campaign.name,
            "breadcrumbs": [*CRUMBS, (campaign.name, None)],
            **extra,
        },
        status=status,
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _campaign(request, pk))


@staff_required(Capability.COORDINATE_VOLUNTEERS)
@require_POST
def campaign_import(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    _manager(request, campaign)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report = outreach.import_targets(by=request.user, campaign=campaign, raw=form.cleaned_data["file"].read())
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            added = sum(1 for r in report if r.ok)
            messages.success(request, f"{added} target{'s' if added != 1 else ''} added.")
            return _detail(request, campaign, report=[r for r in report if not r.ok][:500], added=added)
    return _detail(request, campaign, import_form=form, status=400)


@staff_required(Capability.COORDINATE_VOLUNTEERS)
@require_POST
def campaign_erase(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    _manager(request, campaign)
    erased = outreach.erase_targets(by=request.user, campaign=campaign)
    messages.success(request, f"Target list erased ({erased} records). The outcome counts stay.")
    return redirect(campaign)


@login_required
@require_POST
def target_outcome(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    target = get_object_or_404(Target, pk=target_pk, campaign=campaign)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _detail(request, campaign, outcome_form=form, status=400)
    try:
        outreach.record_outcome(by=request.user, target=target, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _detail(request, campaign, status=exc.status)
    messages.success(request, "Outcome recorded.")
    return redirect(campaign)
