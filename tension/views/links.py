"""Pages linking tension to engagement: an item and the activities answering it, the wards and communities
standing apart in an assessment, and an incident's messages and key individual network contacts."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from activities.models import Activity
from activities.prefill import plan_url
from activities.queries import visible_activities
from core.errors import ServiceError
from organisations.decorators import staff_required
from tension import engagement, permissions, services
from tension.forms import AreaLevelForm, KinContactForm, MessagesForm, ResponsesForm
from tension.models import MARKING, AreaLevel, Assessment, Item
from tension.views.common import CRUMBS, form_page, refuse_unless, refused
from tension.views.incidents import INCIDENT_CRUMBS, _incident_or_404


def _item_or_404(request: HttpRequest, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("borough", "contributed_by", "contributor_unit"), pk=pk)
    if not permissions.can_see_item(request.user, item):
        raise Http404("No such item in your area.")
    return item


def _responses_form(request: HttpRequest, item: Item, data: Any = None) -> tuple[ResponsesForm, list[Activity]]:
    linked = list(visible_activities(request.user).filter(pk__in=item.responses.values("pk")).order_by("starts_at"))
    candidates = [a for a in engagement.response_candidates(request.user, item)[:100] if a not in linked]
    form = ResponsesForm(data, candidates=candidates[: engagement.MAX_CHOICES], linked=linked)
    return form, linked


def _item_page(
    request: HttpRequest, item: Item, form: ResponsesForm | None, linked: list[Activity], status: int
) -> Any:
    a = Assessment.objects.filter(borough=item.borough, week_starting=item.week_starting).first()
    title = str(item)
    crumbs = [
        *CRUMBS,
        *([(str(a), a.get_absolute_url())] if a and permissions.can_read_assessment(request.user, a) else []),
    ]
    return render(
        request,
        "tension/item.html",
        {
            "marking": MARKING,
            "item": item,
            "linked": linked,
            "form": form,
            "plan_link": plan_url(
                title="Reassurance engagement",
                purpose="Reassure residents, hear their concerns and answer their questions.",
                wards=list(item.wards.select_related("borough")),
                communities=list(item.communities.all()),
                tier=Activity.Tier.EVENT,
            ),
            "page_title": title,
            "breadcrumbs": [*crumbs, (title, None)],
        },
        status=status,
    )


@staff_required()
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """An item, the activities answering it, and (for the area's lead) the choice of activities to link."""
    i = _item_or_404(request, pk)
    services.note_read(request.user, i, "item")
    if permissions.leads_area(request.user, i.borough_id):
        form, linked = _responses_form(request, i)
        return _item_page(request, i, form, linked, 200)
    linked = list(visible_activities(request.user).filter(pk__in=i.responses.values("pk")).order_by("starts_at"))
    return _item_page(request, i, None, linked, 200)


@staff_required(permissions.LEAD)
@require_POST
def item_response(request: HttpRequest, pk: int) -> HttpResponse:
    i = _item_or_404(request, pk)
    refuse_unless(permissions.leads_area(request.user, i.borough_id), "Only the area's tension lead links responses.")
    form, linked = _responses_form(request, i, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        chosen = [*d.get("link", []), *([d["activity"]] if d.get("activity") else [])]
        try:
            engagement.set_responses(by=request.user, item=i, link=chosen, unlink=d.get("unlink", []))
        except ServiceError as exc:
            status = refused(form, exc)
        else:
            messages.success(request, "The activities answering this item are saved.")
            return redirect("tension:item", pk=i.pk)
    else:
        status = 400
    return _item_page(request, i, form, linked, status)


@staff_required(permissions.LEAD)
def area_level_create(request: HttpRequest, pk: int) -> HttpResponse:
    a = get_object_or_404(Assessment.objects.select_related("borough"), pk=pk)
    if not permissions.can_read_assessment(request.user, a):
        raise Http404("No such assessment in your area.")
    refuse_unless(permissions.can_lead(request.user, a), "Only the tension lead for this area changes it.")
    form = AreaLevelForm(request.POST or None, initial={"trend": "steady"})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                al = engagement.set_area_level(
                    by=request.user,
                    assessment=a,
                    ward=d["ward"],
                    community=d["community"],
                    level=d["level"],
                    trend=d["trend"],
                    note=d["note"],
                )
            except ServiceError as exc:
                status = refused(form, exc)
            else:
                messages.success(request, f"{al.place_name}: {al.level_label}, {al.get_trend_display().lower()}.")
                return redirect(a)
    return form_page(
        request,
        form,
        title=f"A ward or community standing apart: {a}",
        submit="Save its level",
        crumbs=[*CRUMBS, (str(a), a.get_absolute_url())],
        status=status,
        intro=(
            "Give a ward or a community its own level when it differs from the area's. Once the assessment is "
            "published, those who plan engagement there and may read tension see an elevated or rising level, "
            "with a suggestion of reassurance engagement."
        ),
    )


@staff_required(permissions.LEAD)
@require_POST
def area_level_remove(request: HttpRequest, pk: int, level_pk: int) -> HttpResponse:
    al = get_object_or_404(
        AreaLevel.objects.select_related("assessment", "ward", "community"), pk=level_pk, assessment_id=pk
    )
    if not permissions.can_read_assessment(request.user, al.assessment):
        raise Http404("No such assessment in your area.")
    try:
        engagement.remove_area_level(by=request.user, area_level=al)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{al.place_name} no longer has a level of its own.")
    return redirect(al.assessment)


@staff_required(permissions.LEAD)
def incident_messages(request: HttpRequest, pk: int) -> HttpResponse:
    i = _incident_or_404(request, pk)
    refuse_unless(permissions.can_run_incident(request.user, i), "Only tension leads for its boroughs change it.")
    candidates = list(engagement.message_candidates(request.user, i)[: engagement.MAX_CHOICES])
    form = MessagesForm(request.POST or None, candidates=candidates)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                found = engagement.link_messages(by=request.user, incident=i, message_ids=form.cleaned_data["messages"])
            except ServiceError as exc:
                status = refused(form, exc)
            else:
                messages.success(request, f"{len(found)} message{'s' if len(found) != 1 else ''} linked.")
                return redirect(i)
    return form_page(
        request,
        form,
        title=f"Messages sent: {i.title}",
        submit="Link the messages",
        crumbs=[*INCIDENT_CRUMBS, (i.title, i.get_absolute_url())],
        status=status,
        intro="" if candidates else "No message you can see was written from a week before the incident.",
    )


@staff_required(permissions.LEAD)
def kin_contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    i = _incident_or_404(request, pk)
    refuse_unless(permissions.can_run_incident(request.user, i), "Only tension leads for its boroughs change it.")
    members = engagement.kin_candidates(request.user, i)
    form = KinContactForm(request.POST or None, members=members)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                engagement.add_kin_contact(by=request.user, incident=i, data=form.cleaned_data)
            except ServiceError as exc:
                status = refused(form, exc)
            else:
                messages.success(request, "Key individual contact recorded.")
                return redirect(i)
    return form_page(
        request,
        form,
        title=f"Key individual contact: {i.title}",
        submit="Record the contact",
        crumbs=[*INCIDENT_CRUMBS, (i.title, i.get_absolute_url())],
        status=status,
        intro="Members of the key individual networks serving the incident's boroughs, from the networks' records.",
    )
