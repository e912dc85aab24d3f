"""Staff pages: triage issues, record issues heard in person, set and review ward priorities, run the panel."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from activities.queries import latest_in_scope
from core import exports
from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from organisations.scope import Capability
from places.models import Ward
from priorities import permissions, queries, services
from priorities.forms import AdoptForm, IssueFilterForm, IssueForm, IssueStatusForm, PriorityForm, ReviewForm, RoundForm
from priorities.models import Category, Issue, PanelRound, Priority

CAP = Capability.MANAGE_PRIORITIES
CRUMBS = [("Workspace", "/staff/")]


def _ward_in_scope(request: HttpRequest, code: str) -> Ward:
    ward = get_object_or_404(Ward.objects.select_related("borough"), code=code.upper())
    if not permissions.issue_scope(request.user).covers_ward(ward.pk, ward.borough_id):
        raise Http404("No such ward in your area.")
    return ward


@staff_required(CAP)
def issue_list(request: HttpRequest) -> HttpResponse:
    scope = permissions.issue_scope(request.user)
    form = IssueFilterForm(request.GET or None)
    qs = queries.issues_for_scope(scope)
    if form.is_bound and form.is_valid():
        qs = queries.filter_issues(qs, form.cleaned_data)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="issues.csv"'
        writer = exports.csv_writer(response)
        writer.writerow(
            [
                "reference",
                "raised",
                "ward",
                "borough",
                "category",
                "frequency",
                "status",
                "source",
                "postcode",
                "address",
                "description",
                "wants_reply",
            ]
        )
        reporters = permissions.reporter_scope(request.user)
        for i in qs.iterator(chunk_size=2000):
            description = i.description
            postcode, address = queries.issue_place(i, reporters)
            writer.writerow(
                [
                    i.reference,
                    i.created_at.isoformat(),
                    i.ward.name,
                    i.borough.name,
                    i.get_category_display(),
                    i.get_frequency_display(),
                    i.get_status_display(),
                    i.get_source_display(),
                    postcode,
                    address,
                    description,
                    "yes" if i.wants_reply else "no",
                ]
            )
        return response
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "query": query.urlencode(),
        "page_title": "Issues raised",
        "breadcrumbs": [*CRUMBS, ("Issues raised", None)],
    }
    return render(request, "priorities/staff/issue_list.html", context)


@staff_required(CAP)
@require_http_methods(["GET", "POST"])
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.select_related("ward__borough", "priority"), pk=pk)
    _ward_in_scope(request, issue.ward.code)
    form = IssueStatusForm(request.POST or None, initial={"status": issue.status})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.update_issue(
                issue=issue, by=request.user, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
            messages.success(request, f"{issue.reference} updated.")
            return redirect("priorities:issue_detail", pk=issue.pk)
        status = 400
    context = {
        "issue": issue,
        "reporter_visible": permissions.can_see_reporter(request.user, issue.ward),
        "postcode_district": queries.postcode_district(issue.postcode),
        "form": form,
        "page_title": f"Issue {issue.reference}",
        "breadcrumbs": [*CRUMBS, ("Issues raised", "/priorities/staff/issues/"), (issue.reference, None)],
    }
    return render(request, "priorities/staff/issue_detail.html", context, status=status)


def _activities_for(request: HttpRequest) -> Any:
    return latest_in_scope(permissions.activity_scope(request.user))


@staff_required(CAP)
@require_http_methods(["GET", "POST"])
def record_issue(request: HttpRequest) -> HttpResponse:
    activities = _activities_for(request)
    form = IssueForm(request.POST or None, activities=activities, initial={"ward": request.GET.get("ward") or None})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                place = services.resolve_place(
                    postcode=data["postcode"], ward=data["ward"], latitude=data["latitude"], longitude=data["longitude"]
                )
                issue = services.raise_issue(
                    category=data["category"],
                    description=data["description"],
                    frequency=data["frequency"],
                    place=place,
                    address=data["address"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                    by=request.user,
                    activity=data.get("activity"),
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"Issue recorded as {issue.reference}.")
                return redirect("priorities:issue_detail", pk=issue.pk)
    fields = [*IssueForm.public_fields, *(["activity"] if "activity" in form.fields else [])]
    context = {
        "form": form,
        "public_fields": [form[n] for n in fields],
        "page_title": "Record an issue",
        "breadcrumbs": [*CRUMBS, ("Record an issue", None)],
    }
    return render(request, "priorities/staff/record_issue.html", context, status=status)


@staff_required(CAP)
def my_wards(request: HttpRequest) -> HttpResponse:
    scope = permissions.issue_scope(request.user)
    wards = scope.wards().select_related("borough").order_by("borough__name", "name")
    page = Paginator(wards, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "priorities/staff/wards.html",
        {"page_obj": page, "page_title": "Ward priorities", "breadcrumbs": [*CRUMBS, ("Ward priorities", None)]},
    )


@staff_required(CAP)
@require_http_methods(["GET", "POST"])
def manage_ward(request: HttpRequest, code: str) -> HttpResponse:
    ward = _ward_in_scope(request, code)
    form = PriorityForm(request.POST or None, ward=ward, initial={"set_by": Priority.SetBy.PANEL})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.set_priority(
                    ward=ward,
                    by=request.user,
                    category=d["category"],
                    issue=d["issue"],
                    action=d["action"],
                    review_by=d["review_by"],
                    set_by=d["set_by"],
                    issues=[i.pk for i in d["issues"]],
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Priority set. It now shows on the ward page.")
                return redirect("priorities:manage_ward", code=ward.code)
    rounds = PanelRound.objects.filter(ward=ward)[:5]
    context = {
        "ward": ward,
        "form": form,
        "current": queries.current_priorities(ward),
        "issue_counts": queries.issue_counts_for_ward(ward),
        "recent_issues": Issue.objects.filter(ward=ward)[:10],
        "rounds": [(r, queries.round_results(r), services.is_open(r)) for r in rounds],
        "page_title": f"Priorities for {ward.name}",
        "breadcrumbs": [*CRUMBS, ("Ward priorities", "/priorities/staff/wards/"), (ward.name, None)],
    }
    return render(request, "priorities/staff/manage_ward.html", context, status=status)


@staff_required(CAP)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_object_or_404(Priority.objects.select_related("ward__borough"), pk=pk)
    ward = _ward_in_scope(request, priority.ward.code)
    form = ReviewForm(request.POST or None, initial={"publish": True})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            replacement = None
            if d["outcome"] == "replaced":
                replacement = {
                    "category": d["replacement_category"] or "",
                    "issue": d["replacement_issue"],
                    "action": d["replacement_action"],
                    "review_by": d["replacement_review_by"],
                }
            try:
                services.review_priority(
                    priority=priority,
                    by=request.user,
                    done=d["done"],
                    outcome=d["outcome"],
                    next_review_by=d["next_review_by"],
                    publish=d["publish"],
                    replacement=replacement,
                )
            except ServiceError as exc:
                add_service_error(form, exc)
                if exc.status == 409:
                    status = 409
            else:
                messages.success(request, "Review recorded.")
                return redirect("priorities:manage_ward", code=ward.code)
    context = {
        "priority": priority,
        "ward": ward,
        "form": form,
        "page_title": "Review a priority",
        "breadcrumbs": [*CRUMBS, (ward.name, f"/priorities/staff/wards/{ward.code}/"), ("Review", None)],
    }
    return render(request, "priorities/staff/review.html", context, status=status)


@staff_required(CAP)
@require_http_methods(["GET", "POST"])
def new_round(request: HttpRequest, code: str) -> HttpResponse:
    ward = _ward_in_scope(request, code)
    form = RoundForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.open_panel_round(
                    ward=ward,
                    by=request.user,
                    title=d["title"],
                    opens_at=d["opens_at"],
                    closes_at=d["closes_at"],
                    options=form.options(),
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Online panel vote set up.")
                return redirect("priorities:manage_ward", code=ward.code)
    context = {
        "ward": ward,
        "form": form,
        "page_title": "Set up an online panel vote",
        "breadcrumbs": [*CRUMBS, (ward.name, f"/priorities/staff/wards/{ward.code}/"), ("New vote", None)],
    }
    return render(request, "priorities/staff/new_round.html", context, status=status)


@staff_required(CAP)
@require_POST
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Priority.objects.select_related("ward"), pk=pk, status=Priority.Status.PROPOSED)
    ward = _ward_in_scope(request, proposal.ward.code)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.adopt_proposal(
                proposal=proposal,
                by=request.user,
                action=form.cleaned_data["action"],
                review_by=form.cleaned_data["review_by"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Proposal adopted as a current priority.")
    else:
        messages.error(request, "Say what will be done and give a review date (YYYY-MM-DD).")
    return redirect("priorities:manage_ward", code=ward.code)


@staff_required(Capability.WORKSPACE)
def report(request: HttpRequest) -> HttpResponse:
    rows = queries.borough_report()
    labels = [label for _, label in Category.choices]
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ward-priorities-by-borough.csv"'
        writer = exports.csv_writer(response)
        writer.writerow(["borough", *labels, "total"])
        for r in rows:
            writer.writerow([r["borough"], *r["cells"], r["total"]])
        return response
    london = queries.london_section()
    context = {
        "rows": rows,
        "labels": labels,
        "london": london,
        "page_title": "Ward priorities by borough",
        "breadcrumbs": [*CRUMBS, ("Ward priorities by borough", None)],
    }
    return render(request, "priorities/staff/report.html", context)
