"""Tier-3 records: critical incidents and events, their impact assessments, advisory cell, timeline and debrief."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from activities.models import Activity
from activities.prefill import plan_url
from core.errors import ServiceError
from organisations.decorators import staff_required
from places.models import Borough
from tension import exports, permissions, queries, services
from tension.forms import (
    AdviceForm,
    AdviserForm,
    DebriefForm,
    DecisionForm,
    ImpactAssessmentForm,
    IncidentForm,
    TimelineForm,
)
from tension.models import MARKING, Advice, Incident
from tension.views.common import CRUMBS, form_page, refuse_unless, refused

INCIDENT_CRUMBS = [*CRUMBS, ("Incidents and events", "/tension/incidents/")]


def _readable(user: Any) -> Any:
    scope_q = permissions.readable_area_q(user, "boroughs")
    return Incident.objects.filter(scope_q).distinct()


def _incident_or_404(request: HttpRequest, pk: int) -> Incident:
    incident = get_object_or_404(Incident.objects.prefetch_related("boroughs"), pk=pk)
    if not permissions.can_read_incident(request.user, incident):
        raise Http404("No such incident or event in your area.")
    return incident


@staff_required(permissions.READ)
def incident_list(request: HttpRequest) -> HttpResponse:
    incidents = list(_readable(request.user).prefetch_related("boroughs")[:200])
    services.note_read(request.user, None, "incident_list", note=f"{len(incidents)} listed")
    return render(
        request,
        "tension/incident_list.html",
        {
            "marking": MARKING,
            "incidents": incidents,
            "leads": permissions.leads_tension(request.user),
            "page_title": "Incidents and events",
            "breadcrumbs": [*CRUMBS, ("Incidents and events", None)],
        },
    )


@staff_required(permissions.LEAD)
def incident_create(request: HttpRequest) -> HttpResponse:
    london, ids = permissions.lead_borough_ids(request.user)
    boroughs = Borough.objects.all() if london else Borough.objects.filter(pk__in=ids or [])
    form = IncidentForm(request.POST or None, boroughs=boroughs.order_by("name"))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                incident = services.record_incident(by=request.user, data=form.cleaned_data)
            except ServiceError as exc:
                status = refused(form, exc)
            else:
                messages.success(request, f"Record opened: {incident}.")
                return redirect(incident)
    return form_page(
        request,
        form,
        title="Open an incident or event record",
        submit="Open the record",
        crumbs=INCIDENT_CRUMBS,
        status=status,
    )


@staff_required(permissions.READ)
def incident(request: HttpRequest, pk: int) -> HttpResponse:
    i = _incident_or_404(request, pk)
    services.note_read(request.user, i, "incident")
    return render(
        request,
        "tension/incident.html",
        {
            "marking": MARKING,
            "i": i,
            "can_run": permissions.can_run_incident(request.user, i),
            "cias": i.impact_assessments.all(),
            "advisers": i.advisers.all(),
            "advice": i.advice.select_related("adviser"),
            "engagement": i.engagement.all(),
            "patrols": queries.patrols(i),
            "sent": i.messages.order_by("created_at"),
            "contacts": i.kin_contacts.select_related("member", "network"),
            "patrol_link": plan_url(
                title="Reassurance patrol",
                purpose="Reassure residents, hear their concerns and answer their questions.",
                wards=list(i.wards.select_related("borough")),
                communities=list(i.communities.all()),
                tier=Activity.Tier.EVENT,
            ),
            "timeline": queries.timeline(i),
            "page_title": i.title,
            "breadcrumbs": [*INCIDENT_CRUMBS, (i.title, None)],
        },
    )


def _incident_form(
    request: HttpRequest,
    pk: int,
    *,
    make: Callable[..., Any],
    save: Callable[[Incident, dict[str, Any]], Any],
    title: str,
    submit: str,
    done: str,
) -> HttpResponse:
    i = _incident_or_404(request, pk)
    refuse_unless(permissions.can_run_incident(request.user, i), "Only tension leads for its boroughs change it.")
    form = make(i, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                save(i, form.cleaned_data)
            except ServiceError as exc:
                status = refused(form, exc)
            else:
                messages.success(request, done)
                return redirect(i)
    crumbs = [*INCIDENT_CRUMBS, (i.title, i.get_absolute_url())]
    return form_page(request, form, title=f"{title}: {i.title}", submit=submit, crumbs=crumbs, status=status)


@staff_required(permissions.LEAD)
def cia_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_form(
        request,
        pk,
        make=lambda i, data: ImpactAssessmentForm(data),
        save=lambda i, d: services.add_impact_assessment(by=request.user, incident=i, data=d),
        title="Community impact assessment",
        submit="Save the assessment",
        done="Community impact assessment saved.",
    )


@staff_required(permissions.LEAD)
def adviser_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_form(
        request,
        pk,
        make=lambda i, data: AdviserForm(data),
        save=lambda i, d: services.add_adviser(by=request.user, incident=i, data=d),
        title="Add to the advisory cell",
        submit="Add",
        done="Added to the advisory cell.",
    )


@staff_required(permissions.LEAD)
def advice_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_form(
        request,
        pk,
        make=lambda i, data: AdviceForm(data, incident=i),
        save=lambda i, d: services.add_advice(by=request.user, incident=i, data=d),
        title="Record advice",
        submit="Record the advice",
        done="Advice recorded.",
    )


@staff_required(permissions.LEAD)
def advice_decision(request: HttpRequest, pk: int, advice_pk: int) -> HttpResponse:
    advice = get_object_or_404(Advice, pk=advice_pk, incident_id=pk)
    return _incident_form(
        request,
        pk,
        make=lambda i, data: DecisionForm(data, initial={"decision": advice.decision, "decided_by": advice.decided_by}),
        save=lambda i, d: services.record_decision(by=request.user, advice=advice, **d),
        title="Decision on advice",
        submit="Record the decision",
        done="Decision recorded.",
    )


@staff_required(permissions.LEAD)
def timeline_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_form(
        request,
        pk,
        make=lambda i, data: TimelineForm(data),
        save=lambda i, d: services.add_timeline_entry(by=request.user, incident=i, data=d),
        title="Add to the timeline",
        submit="Add",
        done="Added to the timeline.",
    )


@staff_required(permissions.LEAD)
def debrief(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_form(
        request,
        pk,
        make=lambda i, data: DebriefForm(data, initial={"debrief": i.debrief}),
        save=lambda i, d: services.close_incident(by=request.user, incident=i, debrief=d["debrief"]),
        title="Debrief and close",
        submit="Save the debrief and close the record",
        done="Debrief saved; record closed.",
    )


@staff_required(permissions.READ)
def incident_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    i = _incident_or_404(request, pk)
    services.note_read(request.user, i, f"incident_export_{fmt}")
    if fmt == "pdf":
        return exports.incident_pdf(i, base_url=request.build_absolute_uri("/"))
    return exports.incident_csv(i)
