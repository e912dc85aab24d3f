"""Planning an activity: the form, with clashes, fatigue and the teams to consult shown as it is filled."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from activities import forms, permissions, prefill, queries, services
from activities.models import Activity
from activities.views.staff import visible_or_404
from core import registry
from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from organisations.models import Unit
from organisations.scope import Capability
from places import reference


def planning_checks(form: forms.ActivityForm, exclude_id: int | None = None) -> dict[str, Any]:
    """Clashes, fatigue and the neighbourhood teams to consult for what has been typed so far."""
    d: dict[str, Any] = getattr(form, "cleaned_data", {}) or {}
    starts, ends = d.get("starts_at"), d.get("ends_at")
    wards: list[Any] = d["wards"] if isinstance(d.get("wards"), list) else []
    places_given = bool(wards or d.get("boroughs") or d.get("london_wide") or d.get("communities"))
    if not starts or not places_given:
        return {"ready": False}
    if not ends or ends <= starts:
        ends = starts + (ends - starts if ends and ends > starts else timedelta(hours=1))
    proposal = queries.Proposal(
        starts_at=starts,
        ends_at=ends,
        ward_ids=[w.pk for w in wards],
        borough_ids=[b.pk for b in d.get("boroughs") or []],
        london_wide=bool(d.get("london_wide")),
        community_ids=[c.pk for c in d.get("communities") or []],
        recurrence=d.get("recurrence") or "" if d.get("repeat_until") else "",
        repeat_until=d.get("repeat_until") if d.get("recurrence") else None,
        exception_dates=d["exception_dates"] if isinstance(d.get("exception_dates"), list) else [],
        exclude_id=exclude_id,
        audience=d.get("audience") or Activity.Audience.PUBLIC,
        method=d.get("method") or "",
    )
    clashes, standing = queries.check_clashes(proposal)
    unit = d.get("organising_unit")
    teams = Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, is_active=True, ward__in=wards)
    if unit is not None:
        teams = teams.exclude(pk=unit.pk)
    whole = {b.pk for b in reference.borough_list()} if proposal.london_wide else set(proposal.borough_ids)
    places = registry.Places(frozenset(whole), frozenset(proposal.ward_ids), frozenset(proposal.community_ids))
    return {
        "ready": True,
        "notices": registry.planning_notices.notices(getattr(form, "user", None), places),
        "clashes": clashes,
        "standing": standing,
        "fatigue": queries.fatigue_for_proposal(proposal),
        "teams": list(teams.select_related("ward")) if d.get("pre_planned", True) else [],
        "window_days": queries.clash_window().days,
    }


def _render_form(
    request: HttpRequest,
    form: forms.ActivityForm,
    activity: Activity | None,
    checks: dict[str, Any] | None,
    status: int,
) -> HttpResponse:
    title = f"Change: {activity.title}" if activity else "Plan an activity"
    return render(
        request,
        "activities/activity_form.html",
        {
            "form": form,
            "activity": activity,
            "checks": checks,
            "page_title": title,
            "breadcrumbs": [("Workspace", "/staff/"), ("Engagement register", "/activities/"), (title, None)],
        },
        status=status,
    )


def _save(request: HttpRequest, form: forms.ActivityForm, activity: Activity | None) -> HttpResponse | None:
    try:
        if activity is None:
            saved = services.record_activity(by=request.user, data=form.service_data())
        else:
            saved = services.update_activity(activity=activity, by=request.user, data=form.service_data())
    except ServiceError as exc:
        if exc.status == 403 and activity is not None:
            raise
        add_service_error(form, exc)
        return None
    waiting = saved.consultations.filter(state="waiting").count()
    note = f" {waiting} neighbourhood team{'s' if waiting != 1 else ''} asked to review it." if waiting else ""
    messages.success(request, f"“{saved.title}” saved.{note}")
    return redirect(saved)


@staff_required(Capability.PLAN_ACTIVITY)
def create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"is_public": True, "pre_planned": True}
    units = services.plannable_units(request.user)
    if units.count() == 1:
        initial["organising_unit"] = units.first()
    if request.method == "GET":  # started from a suggestion elsewhere (e.g. reassurance in a ward)
        initial.update(prefill.initial_from_query(request.GET))
    form = forms.ActivityForm(request.POST or None, user=request.user, initial=initial)
    checks = None
    if request.method == "POST":
        valid = form.is_valid()
        if "check" in request.POST:  # the no-JavaScript "check for clashes" button
            return _render_form(request, form, None, planning_checks(form), 200)
        if valid:
            response = _save(request, form, None)
            if response is not None:
                return response
        checks = planning_checks(form)
        return _render_form(request, form, None, checks, 400)
    return _render_form(request, form, None, checks, 200)


@staff_required(Capability.PLAN_ACTIVITY)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = visible_or_404(request, pk)
    if not permissions.can_edit(request.user, activity):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("You cannot change this activity.")
    form = forms.ActivityForm(request.POST or None, user=request.user, initial=forms.ActivityForm.initial_for(activity))
    # a coordinator may change an activity of a unit they do not belong to
    form.fields["organising_unit"].queryset = (  # type: ignore[attr-defined]
        services.plannable_units(request.user) | Unit.objects.filter(pk=activity.organising_unit_id)
    ).distinct()
    forms.revalidate(form)
    if request.method == "POST":
        valid = form.is_valid()
        if "check" in request.POST:
            return _render_form(request, form, activity, planning_checks(form, activity.pk), 200)
        if valid:
            response = _save(request, form, activity)
            if response is not None:
                return response
        return _render_form(request, form, activity, planning_checks(form, activity.pk), 400)
    return _render_form(request, form, activity, None, 200)


@staff_required(Capability.PLAN_ACTIVITY)
@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """HTMX: the planning checks for the form as filled so far."""
    form = forms.ActivityForm(request.POST, user=request.user)
    form.is_valid()
    exclude = request.POST.get("activity_id")
    checks = planning_checks(form, int(exclude) if exclude and exclude.isdigit() and len(exclude) < 10 else None)
    return render(request, "activities/_checks.html", {"checks": checks})
