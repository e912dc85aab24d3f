"""Ward engagement plans: the overview (the champion's view), one ward's plan with its evidence, and changes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from places.models import Borough, Ward
from practice import evidence, permissions, queries
from practice.forms import CommunityForm, PlanForm, ReviewForm, TargetForm
from practice.models import WardPlan
from practice.services import plans as services

CRUMBS = [("Workspace", "/staff/"), ("Ward engagement plans", "/practice/plans/")]


def _ward(request: HttpRequest, code: str, *, edit: bool = False, with_plan: bool = False) -> Ward:
    related = ("borough", "engagement_plan") if with_plan else ("borough",)
    ward = get_object_or_404(Ward.objects.select_related(*related), code=code)
    if not permissions.can_read_plan(request.user, ward):
        raise PermissionDenied("Only planners and readers whose area covers this ward see its engagement plan.")
    if edit and not permissions.can_edit_plan(request.user, ward):
        raise PermissionDenied("Only planners whose area covers this ward change its engagement plan.")
    return ward


@staff_required()
def index(request: HttpRequest) -> HttpResponse:
    if not permissions.reads_plans(request.user):
        raise PermissionDenied("Your role does not include ward engagement plans.")
    overview = permissions.sees_plan_status(request.user)
    wards = permissions.status_wards(request.user) if overview else permissions.plannable_wards(request.user)
    boroughs = Borough.objects.filter(pk__in=wards.values("borough_id")).order_by("name")
    code = request.GET.get("borough", "")
    if code:
        wards = wards.filter(borough__code=code)
    state = request.GET.get("state", "")
    state = state if state in queries.STATES else ""
    rows = queries.status_rows(wards, state=state)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    filters = "&".join(f"{k}={v}" for k, v in (("borough", code), ("state", state)) if v)
    return render(
        request,
        "practice/plan_index.html",
        {
            "page": page,
            "summary": queries.summary(queries.status_rows(wards)),
            "boroughs": boroughs,
            "borough": code,
            "states": queries.STATES,
            "state": state,
            "filter_query": filters,
            "overview": overview,
            "page_title": "Ward engagement plans",
            "breadcrumbs": [("Workspace", "/staff/"), ("Ward engagement plans", None)],
        },
    )


@staff_required()
def plan(request: HttpRequest, code: str) -> HttpResponse:
    ward = _ward(request, code, with_plan=True)
    the_plan: WardPlan | None = getattr(ward, "engagement_plan", None)
    can_edit = permissions.can_edit_plan(request.user, ward)
    return render(
        request,
        "practice/plan.html",
        {
            "ward": ward,
            "plan": the_plan,
            "evidence": evidence.for_ward(ward),
            "communities": the_plan.communities.select_related("community") if the_plan else [],
            "targets": the_plan.targets.select_related("community") if the_plan else [],
            "reviews": the_plan.reviews.all()[:4] if the_plan else [],
            "review_state": the_plan.review_state(timezone.localdate()) if the_plan else "",
            "can_edit": can_edit,
            "plan_form": PlanForm(
                initial={
                    "profile_notes": the_plan.profile_notes,
                    "feedback_mechanism": the_plan.feedback_mechanism,
                    "feedback_details": the_plan.feedback_details,
                }
                if the_plan
                else None
            )
            if can_edit
            else None,
            "community_form": CommunityForm() if can_edit else None,
            "target_form": TargetForm() if can_edit else None,
            "page_title": f"Engagement plan: {ward.name}",
            "breadcrumbs": [*CRUMBS, (ward.name, None)],
        },
    )


def _form_page(request: HttpRequest, ward: Ward, form: object, title: str, action: str) -> HttpResponse:
    return render(
        request,
        "practice/plan_form.html",
        {
            "ward": ward,
            "form": form,
            "action": action,
            "page_title": f"{title}: {ward.name}",
            "breadcrumbs": [*CRUMBS, (ward.name, reverse("practice:plan", args=[ward.code])), (title, None)],
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required()
def edit(request: HttpRequest, code: str) -> HttpResponse:
    ward = _ward(request, code, edit=True)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(by=request.user, ward=ward, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "The plan has been saved.")
            return redirect("practice:plan", code=ward.code)
    return _form_page(request, ward, form, "Change the plan", reverse("practice:plan_edit", args=[ward.code]))


@staff_required()
def add_community(request: HttpRequest, code: str) -> HttpResponse:
    ward = _ward(request, code, edit=True)
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.set_community(
            by=request.user, ward=ward, community=data["community"], methods=data["methods"], why=data["why"]
        )
        messages.success(request, f"{data['community']} is in the plan.")
        return redirect("practice:plan", code=ward.code)
    return _form_page(request, ward, form, "Add a community", reverse("practice:plan_community", args=[ward.code]))


@staff_required()
def add_target(request: HttpRequest, code: str) -> HttpResponse:
    ward = _ward(request, code, edit=True)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = services.add_target(by=request.user, ward=ward, data=form.cleaned_data)
        messages.success(request, f"Target added: {target.describe()}.")
        return redirect("practice:plan", code=ward.code)
    return _form_page(request, ward, form, "Add a target", reverse("practice:plan_target", args=[ward.code]))


@require_POST
@staff_required()
def remove(request: HttpRequest, code: str, what: str, pk: int) -> HttpResponse:
    ward = _ward(request, code, edit=True)
    if what not in ("community", "target"):
        raise Http404("Only a community or a target can be removed from a plan.")
    try:
        if what == "community":
            services.remove_community(by=request.user, ward=ward, pk=pk)
        else:
            services.remove_target(by=request.user, ward=ward, pk=pk)
    except ServiceError as exc:
        return render(request, "practice/refused.html", {"message": exc.message, "ward": ward}, status=404)
    messages.success(request, f"The {what} has been removed from the plan.")
    return redirect("practice:plan", code=ward.code)


@require_POST
@staff_required()
def agree(request: HttpRequest, code: str) -> HttpResponse:
    ward = _ward(request, code, edit=True)
    try:
        services.agree_plan(by=request.user, ward=ward)
    except ServiceError as exc:
        return render(request, "practice/refused.html", {"message": exc.message, "ward": ward}, status=400)
    messages.success(request, "The plan is agreed. Its first review is due in six months.")
    return redirect("practice:plan", code=ward.code)


@staff_required()
def review(request: HttpRequest, code: str) -> HttpResponse:
    ward = _ward(request, code, edit=True)
    the_plan = get_object_or_404(WardPlan, ward=ward)
    today = timezone.localdate()
    since = the_plan.last_reviewed_on or the_plan.agreed_on or today
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.review_plan(by=request.user, ward=ward, notes=form.cleaned_data["notes"])
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "The review is recorded. The next one is due in six months.")
                return redirect("practice:plan", code=ward.code)
    return render(
        request,
        "practice/plan_review.html",
        {
            "ward": ward,
            "plan": the_plan,
            "since": since,
            "results": services.review_results(the_plan, min(since, today), today),
            "form": form,
            "page_title": f"Review the plan: {ward.name}",
            "breadcrumbs": [*CRUMBS, (ward.name, reverse("practice:plan", args=[ward.code])), ("Review", None)],
        },
        status=status,
    )


@staff_required()
def history(request: HttpRequest, code: str) -> HttpResponse:
    ward = _ward(request, code)
    the_plan = get_object_or_404(WardPlan, ward=ward)
    page = Paginator(queries.history(the_plan), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "practice/plan_history.html",
        {
            "ward": ward,
            "plan": the_plan,
            "page": page,
            "reviews": the_plan.reviews.all(),
            "page_title": f"History of the plan: {ward.name}",
            "breadcrumbs": [*CRUMBS, (ward.name, reverse("practice:plan", args=[ward.code])), ("History", None)],
        },
    )
