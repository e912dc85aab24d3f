"""Coordinators change or cancel a posted opportunity (the rules: `volunteers.services.opportunities`)."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from organisations.models import Unit
from places.forms import wards_text
from volunteers import permissions
from volunteers.forms import CancelForm, OpportunityForm
from volunteers.services import OPPORTUNITY_FIELDS
from volunteers.services import opportunities as changes
from volunteers.views.coordinator import CAP, CRUMBS, _fill_page, _opportunity, _units


@staff_required(CAP)
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity(request, pk)
    if opportunity.is_cancelled:
        messages.error(request, "This opportunity has been cancelled: it can no longer be changed.")
        return redirect(opportunity)
    initial = {name: getattr(opportunity, name) for name in OPPORTUNITY_FIELDS}
    initial.update(
        boroughs=opportunity.boroughs.all(),
        wards=wards_text(opportunity.wards.select_related("borough")),
        skills=opportunity.skills.all(),
    )
    units = Unit.objects.filter(Q(pk__in=_units(request).values("pk")) | Q(pk=opportunity.unit_id))  # type: ignore[attr-defined]
    form = OpportunityForm(request.POST or None, initial=initial, units=units)
    form.fields["boroughs"].queryset = permissions.coordinated_boroughs(request.user)  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST":
        status = 400
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        boroughs, wards, skills = list(data.pop("boroughs")), data.pop("wards"), list(data.pop("skills"))
        try:
            changes.change_opportunity(
                by=request.user, opportunity=opportunity, data=data, boroughs=boroughs, wards=wards, skills=skills
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            status = exc.status
        else:
            messages.success(request, "Opportunity changed; the engagement register shows the change.")
            return redirect(opportunity)
    title = f"Change {opportunity.title}"
    return render(
        request,
        "volunteers/form.html",
        {
            "form": form,
            "page_title": title,
            "breadcrumbs": [*CRUMBS, ("Opportunities", "/volunteers/opportunities/"), (title, None)],
            "button": "Save changes",
        },
        status=status,
    )


@staff_required(CAP)
@require_POST
def opportunity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            told = changes.cancel_opportunity(
                by=request.user, opportunity=opportunity, reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return _fill_page(request, opportunity, cancel_form=form, status=exc.status)
        messages.success(
            request,
            f"Opportunity cancelled, and its activity in the engagement register. "
            f"{told} volunteer{'s' if told != 1 else ''} with a place emailed.",
        )
        return redirect(opportunity)
    return _fill_page(request, opportunity, cancel_form=form, status=400)
