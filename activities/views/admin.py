"""Administration of the register: minimum standards and their report, fatigue thresholds, communities, operations."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from activities import forms, permissions, queries, services
from activities.models import (
    CommunityOfInterest,
    FatigueSettings,
    MinimumStandard,
    Operation,
    StandardBaseline,
)
from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from organisations.scope import Capability, has_capability, scope_for

CRUMBS = [("Workspace", "/staff/"), ("Engagement register", "/activities/")]


def _apply(form: Any, exc: ServiceError) -> None:
    if exc.status == 403:
        raise PermissionDenied(exc.message)
    add_service_error(form, exc)


@staff_required()
def standards(request: HttpRequest) -> HttpResponse:
    """Which boroughs meet each minimum standard (seed 002's baselining), with the evidence and the trend."""
    if not request.user.has_perm("activities.view_standards"):
        raise PermissionDenied("Only coordinators and the oversight body see the minimum-standards report.")
    boroughs = permissions.standards_boroughs(request.user)
    report = queries.standards_report(boroughs)
    trend = queries.standard_trend(boroughs, quarters=4)
    for row in report:
        for r in row["results"]:
            r.trend = trend.get((r.standard.pk, r.borough.pk), [])
    return render(
        request,
        "activities/standards.html",
        {
            "report": report,
            "standards": MinimumStandard.objects.all(),
            "meeting": sum(1 for r in report if r["meets_all"]),
            "can_administer": has_capability(request.user, Capability.ADMINISTER),
            "page_title": "Minimum standards",
            "breadcrumbs": [*CRUMBS, ("Minimum standards", None)],
        },
    )


@staff_required()
def standard_evidence(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """One borough against one standard: the rule, the activities counted, the wards short, the history."""
    if not request.user.has_perm("activities.view_standards"):
        raise PermissionDenied("Only coordinators and the oversight body see the minimum-standards report.")
    standard = get_object_or_404(MinimumStandard.objects.select_related("community"), pk=pk)
    borough = get_object_or_404(permissions.standards_boroughs(request.user), code=code)
    result = queries.standard_result(standard, borough)
    # the titles listed are those the reader may see; the count above covers every activity counted
    evidence = (
        queries.visible_activities(request.user)
        .filter(pk__in=result.evidence_ids)
        .select_related("organising_unit")
        .prefetch_related("wards")
        .order_by("starts_at")
    )
    history = StandardBaseline.objects.filter(standard=standard, borough=borough).order_by("-quarter_start")[:12]
    return render(
        request,
        "activities/standard_evidence.html",
        {
            "standard": standard,
            "borough": borough,
            "result": result,
            "evidence": evidence,
            "history": history,
            "page_title": f"{standard.name}: {borough.name}",
            "breadcrumbs": [*CRUMBS, ("Minimum standards", reverse("activities:standards")), (borough.name, None)],
        },
    )


@staff_required(Capability.ADMINISTER)
def standard_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    standard = get_object_or_404(MinimumStandard, pk=pk) if pk else None
    initial = {}
    if standard:
        initial = {f: getattr(standard, f) for f in forms.MinimumStandardForm.base_fields}
    form = forms.MinimumStandardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_minimum_standard(by=request.user, standard=standard, data=form.cleaned_data)
        except ServiceError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Minimum standard saved.")
            return redirect("activities:standards")
    return render(
        request,
        "activities/simple_form.html",
        {
            "form": form,
            "page_title": "Change a minimum standard" if standard else "Add a minimum standard",
            "breadcrumbs": [*CRUMBS, ("Minimum standards", "/activities/standards/"), ("Edit", None)],
        },
        status=400 if form.errors else 200,
    )


@staff_required(Capability.ADMINISTER)
def fatigue_settings(request: HttpRequest) -> HttpResponse:
    row = FatigueSettings.objects.first() or FatigueSettings()
    initial: dict[str, Any] = {f: getattr(row, f) for f in forms.FATIGUE_SETTINGS}
    weights = queries.fatigue_config().weights
    initial.update({f"weight_{m}": w for m, w in weights.items()})
    form = forms.FatigueSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_fatigue_settings(by=request.user, data=form.service_data())
        except ServiceError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Fatigue thresholds and weights saved.")
            return redirect("activities:fatigue")
    return render(
        request,
        "activities/simple_form.html",
        {
            "form": form,
            "page_title": "Fatigue thresholds, method weights and clash window",
            "breadcrumbs": [*CRUMBS, ("Fatigue settings", None)],
        },
        status=400 if form.errors else 200,
    )


@staff_required(Capability.ADMINISTER)
def communities(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "activities/communities.html",
        {
            "communities": CommunityOfInterest.objects.all(),
            "page_title": "Communities of interest",
            "breadcrumbs": [*CRUMBS, ("Communities of interest", None)],
        },
    )


@staff_required(Capability.ADMINISTER)
def community_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    community = get_object_or_404(CommunityOfInterest, pk=pk) if pk else None
    initial = (
        {"name": community.name, "description": community.description, "is_active": community.is_active}
        if community
        else {"is_active": True}
    )
    form = forms.CommunityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_community(by=request.user, community=community, data=form.cleaned_data)
        except ServiceError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Community of interest saved.")
            return redirect("activities:communities")
    return render(
        request,
        "activities/simple_form.html",
        {
            "form": form,
            "page_title": "Change a community of interest" if community else "Add a community of interest",
            "breadcrumbs": [*CRUMBS, ("Communities of interest", "/activities/communities/"), ("Edit", None)],
        },
        status=400 if form.errors else 200,
    )


@staff_required(Capability.PLAN_ACTIVITY)
def operation_create(request: HttpRequest) -> HttpResponse:
    """Record a high-impact operation so reassurance activities before and after it can be linked."""
    form = forms.OperationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.record_operation(by=request.user, data=dict(form.cleaned_data))
        except ServiceError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"Operation “{operation.name}” recorded: link reassurance activities to it.")
            return redirect("activities:operations")
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "page_title": "Record an operation", "breadcrumbs": [*CRUMBS, ("Operation", None)]},
        status=400 if form.errors else 200,
    )


@staff_required(Capability.PLAN_ACTIVITY)
def operations(request: HttpRequest) -> HttpResponse:
    """Operations with their reassurance activities before and after."""
    ops = Operation.objects.select_related("organising_unit").prefetch_related("activities", "boroughs")
    scope = scope_for(request.user, Capability.PLAN_ACTIVITY)
    if not (scope.london_wide or request.user.is_superuser):
        ops = ops.filter(
            Q(organising_unit_id__in=scope.unit_ids)
            | Q(boroughs__in=list(scope.wards().values_list("borough_id", flat=True)))
        ).distinct()
    ops = ops[:100]
    return render(
        request,
        "activities/operations.html",
        {"operations": ops, "page_title": "Operations and reassurance", "breadcrumbs": [*CRUMBS, ("Operations", None)]},
    )
