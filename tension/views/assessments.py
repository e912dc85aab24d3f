"""Weekly tension assessments: the index, a borough's (or London's) week, items from partners, the London summary."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from organisations.decorators import staff_required
from places import reference
from tension import exports, permissions, queries, scale, services
from tension.forms import AssessmentForm, ItemForm, ReviewForm, area_choices
from tension.models import MARKING, Assessment, Incident, Item
from tension.views.common import CRUMBS, form_page, refuse_unless, refused


@staff_required()
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    refuse_unless(permissions.sees_tension_pages(user))
    reads = permissions.reads_tension(user)
    latest: list[Assessment] = []
    if reads:
        latest = list(
            Assessment.objects.filter(permissions.readable_area_q(user), week_starting__gte=services.this_week())
            .select_related("borough")
            .order_by("borough__name")
        )
        services.note_read(user, None, "index", note=f"{len(latest)} assessments listed")
    return render(
        request,
        "tension/index.html",
        {
            "marking": MARKING,
            "reads": reads,
            "leads": permissions.leads_tension(user),
            "contributes": permissions.contributes(user),
            "reads_london": permissions.reads_london_summary(user),
            "latest": latest,
            "week": services.this_week(),
            "levels": scale.LEVELS,
            "page_title": "Community tension",
            "breadcrumbs": [("Workspace", "/staff/"), ("Community tension", None)],
        },
    )


def _assessment_or_404(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_object_or_404(Assessment.objects.select_related("borough"), pk=pk)
    if not permissions.can_read_assessment(request.user, assessment):
        raise Http404("No such assessment in your area.")
    return assessment


@staff_required()
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_or_404(request, pk)
    items = list(queries.items_of(a))
    services.note_read(request.user, a, "assessment", note=f"{len(items)} items shown")
    can_lead = permissions.can_lead(request.user, a)
    earlier = queries.borough_weeks(a.borough, exclude=a.pk)
    return render(
        request,
        "tension/assessment.html",
        {
            "marking": MARKING,
            "a": a,
            "items": items,
            "can_lead": can_lead,
            "earlier": earlier,
            "area_levels": a.area_levels.select_related("ward", "community"),
            "page_title": str(a),
            "breadcrumbs": [*CRUMBS, (str(a), None)],
        },
    )


@staff_required(permissions.LEAD)
def assessment_create(request: HttpRequest) -> HttpResponse:
    london, boroughs = permissions.lead_borough_ids(request.user)
    areas = area_choices(london, boroughs)
    form = AssessmentForm(request.POST or None, areas=areas, initial={"week": services.this_week(), "trend": "steady"})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                a = services.start_assessment(
                    by=request.user,
                    borough=d["area"],
                    week=d["week"],
                    level=d["level"],
                    trend=d["trend"],
                    summary=d["summary"],
                )
            except ServiceError as exc:
                status = refused(form, exc)
            else:
                messages.success(request, f"Assessment started: {a}. It is a draft until you publish it.")
                return redirect(a)
    return form_page(request, form, title="Start a weekly assessment", submit="Start the assessment", status=status)


@staff_required(permissions.LEAD)
def assessment_review(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_or_404(request, pk)
    refuse_unless(permissions.can_lead(request.user, a), "Only the tension lead for this area reviews it.")
    initial = {"level": a.level, "trend": a.trend, "summary": a.summary, "review_note": a.review_note}
    form = ReviewForm(request.POST or None, initial=initial)
    status = 200
    if request.method != "POST":
        services.note_read(request.user, a, "assessment_review")
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.review_assessment(by=request.user, assessment=a, **form.cleaned_data)
            except ServiceError as exc:
                status = refused(form, exc)
            else:
                messages.success(request, "Assessment reviewed.")
                return redirect(a)
    crumbs = [*CRUMBS, (str(a), a.get_absolute_url())]
    return form_page(request, form, title=f"Review: {a}", submit="Save the review", crumbs=crumbs, status=status)


@staff_required(permissions.LEAD)
@require_POST
def assessment_publish(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_or_404(request, pk)
    try:
        services.publish_assessment(by=request.user, assessment=a)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(a)
    messages.success(request, f"Published: {a}, level {a.level_label}.")
    return redirect(a)


@staff_required()
def item_create(request: HttpRequest) -> HttpResponse:
    refuse_unless(permissions.contributes(request.user), "Your role does not give tension information.")
    london, boroughs = permissions.contributable_borough_ids(request.user)
    areas = area_choices(london, boroughs)
    initial = {"week": services.this_week(), "area": areas[0][0] if len(areas) == 1 else ""}
    incidents = None
    if permissions.leads_tension(request.user):
        lead_q = permissions.readable_area_q(request.user, "boroughs")
        incidents = Incident.objects.filter(lead_q, status=Incident.Status.OPEN).distinct()
    form = ItemForm(request.POST or None, areas=areas, incidents=incidents, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.add_item(by=request.user, borough=d["area"], data=d)
            except ServiceError as exc:
                status = refused(form, exc)
            else:
                messages.success(request, "Thank you: your information has been given to the borough's tension lead.")
                return redirect("tension:my_items")
    return form_page(
        request,
        form,
        title="Give tension information",
        submit="Give the information",
        status=status,
        intro="Only you and the police tension leads for the borough will see what you give here.",
    )


@staff_required()
def my_items(request: HttpRequest) -> HttpResponse:
    refuse_unless(permissions.contributes(request.user), "Your role does not give tension information.")
    items = (
        Item.objects.filter(contributed_by_id=request.user.pk).select_related("borough").order_by("-created_at")[:200]
    )
    services.note_read(request.user, None, "my_items")
    return render(
        request,
        "tension/my_items.html",
        {
            "marking": MARKING,
            "items": items,
            "page_title": "Information you have given",
            "breadcrumbs": [*CRUMBS, ("Information you have given", None)],
        },
    )


def _week(request: HttpRequest) -> date:
    raw = request.GET.get("week", "")
    if not raw:
        return services.this_week()
    try:
        day = date.fromisoformat(raw)
    except ValueError as exc:
        raise Http404("Give the week as a date, e.g. 2026-11-30.") from exc
    if not 2000 <= day.year <= 2099:
        raise Http404("Give a week between 2000 and 2099.")
    return services.week_of(day)


@staff_required(permissions.READ)
def london(request: HttpRequest) -> HttpResponse:
    refuse_unless(permissions.reads_london_summary(request.user), "Only London-wide readers see the London summary.")
    week = _week(request)
    summary = queries.london_summary(week)
    services.note_read(request.user, None, "london_summary", note=f"week of {week.isoformat()}")
    codes = {b.code: b for b in reference.borough_list()}
    by_code = {r.borough.code: r for r in summary.rows if r.borough}

    def link(code: str) -> str:
        row = by_code.get(code)
        return row.current.get_absolute_url() if row and row.current else ""

    return render(
        request,
        "tension/london.html",
        {
            "marking": MARKING,
            "summary": summary,
            "map": queries.summary_map(summary, link) if codes else None,
            "previous_week": week.fromordinal(week.toordinal() - 7),
            "next_week": week.fromordinal(week.toordinal() + 7),
            "page_title": f"London tension summary, week of {week:%-d %B %Y}",
            "breadcrumbs": [*CRUMBS, ("London summary", None)],
        },
    )


@staff_required(permissions.READ)
def london_export(request: HttpRequest) -> HttpResponse:
    refuse_unless(permissions.reads_london_summary(request.user), "Only London-wide readers see the London summary.")
    week = _week(request)
    summary = queries.london_summary(week)
    services.note_read(request.user, None, "london_summary_export", note=f"week of {week.isoformat()}")
    return exports.summary_csv(summary)
