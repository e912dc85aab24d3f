"""Pages for action plans: public plans with progress, board reports, and the staff forms."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core import registry
from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from organisations.models import Unit
from organisations.scope import Capability
from plans import importer, permissions, queries, reports, services
from plans.forms import ActionForm, ImportForm, PlanForm, ProgressForm, ReportDateForm, ReviewForm, SectionForm
from plans.models import Action, Plan

PLANS_CRUMB = (gettext_lazy("Action plans"), "/plans/")


def _plan_for(request: HttpRequest, slug: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("owner", "previous_version"), slug=slug)
    if not permissions.can_read(request.user, plan):
        raise Http404("No such plan.")
    return plan


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    plans = queries.readable_plans(request.user)
    owners = Unit.objects.filter(pk__in=plans.values("owner")).order_by("name")
    owner = request.GET.get("owner", "")
    status = request.GET.get("status", "")
    if owner:
        plans = plans.filter(owner__slug=owner)
    if status in Plan.Status.values:
        plans = plans.filter(status=status)
    page = Paginator(plans, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/index.html",
        {
            "page": page,
            "owners": owners,
            "owner": owner,
            "status": status,
            "statuses": Plan.Status.choices,
            "filter_query": urlencode({k: v for k, v in (("owner", owner), ("status", status)) if v}),
            "can_manage": permissions.can_manage(request.user),
            "page_title": _("Action plans"),
            "breadcrumbs": [(_("Home"), "/"), (_("Action plans"), None)],
        },
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan_for(request, slug)
    report = queries.build_report(plan)
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "report": report,
            "later": plan.later_versions.order_by("version").first(),
            "can_manage": permissions.can_manage(request.user),
            "page_title": plan.title,
            "breadcrumbs": [(_("Home"), "/"), PLANS_CRUMB, (plan.title, None)],
        },
    )


@require_safe
def action_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = _plan_for(request, slug)
    action = get_object_or_404(queries.plan_actions(plan), pk=pk)
    return render(
        request,
        "plans/action.html",
        {
            "plan": plan,
            "action": action,
            "updates": services.updates_with_history(action),
            "earlier": services.history_of(action)[1:],
            "activities": registry.plan_action_delivery.for_action(action.pk, request.user),
            "can_report": plan.status != Plan.Status.SUPERSEDED
            and request.user.is_authenticated
            and permissions.can_report_progress(request.user, action),
            "can_manage": permissions.can_manage(request.user),
            "overdue": action.is_overdue(timezone.localdate()),
            "page_title": f"{plan.action_label} {action.reference}: {plan.title}",
            "breadcrumbs": [
                (_("Home"), "/"),
                PLANS_CRUMB,
                (plan.title, plan.get_absolute_url()),
                (f"{plan.action_label} {action.reference}", None),
            ],
        },
    )


@staff_required(Capability.WORKSPACE)
def mine(request: HttpRequest) -> HttpResponse:
    attention = queries.attention_for(request.user)
    return render(
        request,
        "plans/mine.html",
        {
            **attention,
            "stalled_days": services.stalled_days(),
            "page_title": "Actions your units lead",
            "breadcrumbs": [("Staff workspace", "/staff/"), ("Actions your units lead", None)],
        },
    )


@staff_required(Capability.MANAGE_PLANS)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.create_plan(by=request.user, data=form.cleaned_data)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Plan created.")
                return redirect(plan)
        status = 400
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "heading": "New plan",
            "submit": "Create plan",
            "page_title": "New plan",
            "breadcrumbs": [PLANS_CRUMB, ("New plan", None)],
        },
        status=status,
    )


@staff_required(Capability.MANAGE_PLANS)
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    initial = {f: getattr(plan, f) for f in PlanForm.base_fields}
    form = PlanForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_plan(plan, by=request.user, data=form.cleaned_data)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Plan saved.")
                return redirect(plan)
        status = 400
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": plan,
            "heading": "Edit plan",
            "submit": "Save plan",
            "page_title": f"Edit {plan.title}",
            "breadcrumbs": [PLANS_CRUMB, (plan.title, plan.get_absolute_url()), ("Edit", None)],
        },
        status=status,
    )


@staff_required(Capability.MANAGE_PLANS)
def section_create(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = SectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                section = services.add_section(plan, by=request.user, data=form.cleaned_data)
                for line in form.cleaned_data["commitments"].splitlines():
                    if line.strip():
                        services.add_commitment(section, by=request.user, text=line)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"{plan.section_label} added.")
                return redirect(plan)
        status = 400
    label = plan.section_label.lower()
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": plan,
            "heading": f"Add a {label}",
            "submit": f"Add {label}",
            "page_title": f"Add a {label}",
            "breadcrumbs": [PLANS_CRUMB, (plan.title, plan.get_absolute_url()), (f"Add a {label}", None)],
        },
        status=status,
    )


def _action_form(request: HttpRequest, plan: Plan, action: Action | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if action is not None:
        initial = {f: getattr(action, f) for f in ActionForm.base_fields if hasattr(action, f)}
        initial["sub_points"] = "\n".join(action.sub_points)
        initial["activity_ids"] = ", ".join(str(pk) for pk in action.activities.values_list("pk", flat=True))
    form = ActionForm(request.POST or None, initial=initial, plan=plan)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["sub_points"] = data["sub_points"].splitlines()
            activity_ids = data.pop("activity_ids")
            try:
                with transaction.atomic():
                    saved = services.save_action(plan, by=request.user, data=data, action=action)
                    services.link_activities(saved, by=request.user, activity_ids=activity_ids)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"{plan.action_label} {saved.reference} saved.")
                return redirect(saved)
        status = 400
    heading = (
        f"Edit {plan.action_label.lower()} {action.reference}" if action else f"Add an {plan.action_label.lower()}"
    )
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": plan,
            "heading": heading,
            "submit": "Save",
            "page_title": heading,
            "breadcrumbs": [PLANS_CRUMB, (plan.title, plan.get_absolute_url()), (heading, None)],
        },
        status=status,
    )


@staff_required(Capability.MANAGE_PLANS)
def action_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _action_form(request, get_object_or_404(Plan, slug=slug), None)


@staff_required(Capability.MANAGE_PLANS)
def action_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    return _action_form(request, plan, get_object_or_404(Action, plan=plan, pk=pk))


@staff_required(Capability.WORKSPACE)
def progress_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    action = get_object_or_404(Action, plan=plan, pk=pk)
    if not permissions.can_report_progress(request.user, action):
        raise PermissionDenied("Only staff in the action's lead unit, or plan managers, can report progress on it.")
    form = ProgressForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_progress(
                    action,
                    by=request.user,
                    reported_on=data["reported_on"],
                    narrative=data["narrative"],
                    status=data["status"] or "",
                    percent_complete=data["percent_complete"],
                    milestone=data["milestone"],
                    evidence=form.evidence_links(),
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Progress update added.")
                return redirect(action)
        status = 400
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": plan,
            "action": action,
            "heading": f"Report progress on {plan.action_label.lower()} {action.reference}",
            "submit": "Add progress update",
            "page_title": f"Report progress on {action.reference}",
            "breadcrumbs": [
                PLANS_CRUMB,
                (plan.title, plan.get_absolute_url()),
                (f"{plan.action_label} {action.reference}", action.get_absolute_url()),
                ("Report progress", None),
            ],
        },
        status=status,
    )


@staff_required(Capability.MANAGE_PLANS)
def review(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                new = services.review_plan(
                    plan,
                    by=request.user,
                    issued_on=data["issued_on"],
                    title=data["title"],
                    period_label=data["period_label"],
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"Version {new.version} created with {new.actions.count()} open actions.")
                return redirect(new)
        status = 400
    return render(
        request,
        "plans/review.html",
        {
            "form": form,
            "plan": plan,
            "open_count": plan.actions.exclude(status="complete").count(),
            "page_title": f"Annual review: {plan.title}",
            "breadcrumbs": [PLANS_CRUMB, (plan.title, plan.get_absolute_url()), ("Annual review", None)],
        },
        status=status,
    )


def _as_of(request: HttpRequest) -> tuple[ReportDateForm, date]:
    form = ReportDateForm(request.GET or None)
    as_of = timezone.localdate()
    if request.GET and form.is_valid() and form.cleaned_data["as_of"]:
        as_of = form.cleaned_data["as_of"]
    return form, as_of


@require_safe
def report(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan_for(request, slug)
    form, as_of = _as_of(request)
    status = 400 if request.GET and not form.is_valid() else 200
    return render(
        request,
        "plans/report.html",
        {
            "plan": plan,
            "form": form,
            "report": queries.build_report(plan, as_of),
            "query": request.GET.urlencode(),
            "page_title": _("Progress report: %(title)s") % {"title": plan.title},
            "breadcrumbs": [PLANS_CRUMB, (plan.title, plan.get_absolute_url()), (_("Progress report"), None)],
        },
        status=status,
    )


@require_safe
def report_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    plan = _plan_for(request, slug)
    form, as_of = _as_of(request)
    if request.GET and not form.is_valid():
        return HttpResponse("Give the date as YYYY-MM-DD.", status=400, content_type="text/plain")
    built = queries.build_report(plan, as_of)
    name = f"{plan.slug}-progress-{as_of.isoformat()}"
    if fmt == "csv":
        response = HttpResponse(reports.to_csv(built), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            reports.to_xlsx(built), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    elif fmt == "pdf":
        response = HttpResponse(
            reports.to_pdf(built, base_url=request.build_absolute_uri("/")), content_type="application/pdf"
        )
    else:
        raise Http404("Reports come as csv, xlsx or pdf.")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@staff_required(Capability.MANAGE_PLANS)
def import_plan(request: HttpRequest) -> HttpResponse:
    if request.GET.get("template"):
        response = HttpResponse(importer.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="plan-import-template.csv"'
        return response
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                rows = importer.read_rows(upload.name, upload.read())
                result = importer.import_plan(
                    by=request.user,
                    plan_data={
                        "title": data["title"],
                        "owner": data["owner"],
                        "period_label": data["period_label"],
                        "issued_on": data["issued_on"],
                        "is_public": data["is_public"],
                    },
                    rows=rows,
                    commit=data["confirm"],
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                if result.plan is not None:
                    messages.success(request, f"Plan imported with {result.plan.actions.count()} actions.")
                    return redirect(result.plan)
                if result.ok:
                    status = 200
    return render(
        request,
        "plans/import.html",
        {
            "form": form,
            "result": result,
            "columns": importer.COLUMNS,
            "page_title": "Import a plan",
            "breadcrumbs": [PLANS_CRUMB, ("Import a plan", None)],
        },
        status=status,
    )
