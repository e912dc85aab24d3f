"""Funding rounds, applications and allocations, claims and spend returns with receipts, payments, evaluations.

Staff who read funding see every page here within their area; a group's own officer reaches an allocation of their
own groups (its decision, conditions, claims and returns, payments), and sends claims and returns there."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from core.errors import ServiceError
from core.forms import add_service_error
from funding import permissions, queries, services
from funding.forms import ApplicationForm, ClaimForm, DecisionForm, EvaluationForm, PaymentForm, RoundForm
from funding.models import Allocation, Claim, Round
from groups import queries as group_queries
from organisations.decorators import staff_required
from organisations.scope import Capability, scope_for

CRUMBS = [("Workspace", "/staff/"), ("Funding", "/funding/")]


def _reader(request: HttpRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied("Only funding managers, the oversight body's readers and administrators see funding.")


def _reader_or_applicant(request: HttpRequest) -> None:
    if not (permissions.can_read(request.user) or permissions.applies(request.user)):
        raise PermissionDenied("Only funding staff, the oversight body's readers and groups' officers see funding.")


def _allocation(request: HttpRequest, pk: int) -> Allocation:
    _reader_or_applicant(request)
    allocation = get_object_or_404(Allocation.objects.select_related("round", "group", "borough"), pk=pk)
    if not permissions.can_see_allocation(request.user, allocation):
        raise Http404("No such allocation.")  # another area's allocation: not even its existence is shown
    return allocation


def _today() -> date:
    return timezone.localdate()


@staff_required()
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read(request.user) and permissions.applies(request.user):
        return redirect("funding:mine")
    _reader(request)
    page = Paginator(Round.objects.all(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/index.html",
        {
            "page": page,
            "runs_rounds": permissions.runs_rounds(request.user),
            "fictional": queries.any_fictional(page.object_list),
            "page_title": "Funding of engagement groups",
            "breadcrumbs": [("Workspace", "/staff/"), ("Funding", None)],
        },
    )


def _round_form_initial(round_: Round) -> dict[str, Any]:
    return {f: getattr(round_, f) for f in services.ROUND_FIELDS}


@staff_required(Capability.MANAGE_FUNDING)
def round_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not permissions.runs_rounds(request.user):
        raise PermissionDenied("Only London-wide funding managers open and change funding rounds.")
    round_ = get_object_or_404(Round, pk=pk) if pk else None
    status = 200
    if request.method == "POST":
        form = RoundForm(request.POST)
        if form.is_valid():
            try:
                round_ = services.save_round(request.user, round_, **form.cleaned_data)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"Funding round “{round_.name}” saved.")
                return redirect(round_)
        status = 400
    else:
        form = RoundForm(initial=_round_form_initial(round_) if round_ else None)
    title = f"Change {round_.name}" if round_ else "Open a funding round"
    return render(
        request,
        "funding/form.html",
        {"form": form, "page_title": title, "breadcrumbs": [*CRUMBS, (title, None)]},
        status=status,
    )


def _application_form(request: HttpRequest, data: Any = None) -> ApplicationForm:
    scope = scope_for(request.user, Capability.MANAGE_FUNDING)
    boroughs = None if scope.london_wide else set(scope.borough_ids)
    return ApplicationForm(data, groups=group_queries.active_groups_in(boroughs))


@staff_required()
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    round_ = get_object_or_404(Round, pk=pk)
    allocations = permissions.readable_allocations(request.user).filter(round=round_)
    may_apply = permissions.manages_funding(request.user) and round_.opens_on <= _today() <= round_.closes_on
    form = _application_form(request) if may_apply else None
    status = 200
    if request.method == "POST":
        if not may_apply:
            raise PermissionDenied("This round is not taking applications, or you do not manage funding.")
        form = _application_form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                allocation = services.apply(
                    request.user,
                    round_,
                    data["group"],
                    project=data["project"],
                    summary=data["summary"],
                    requested=data["requested"],
                    today=_today(),
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"Application “{allocation.project}” recorded.")
                return redirect(allocation)
        status = 400
    page = Paginator(queries.with_money(allocations).order_by("borough__name", "project"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "funding/round.html",
        {
            "round": round_,
            "page": page,
            "totals": queries.totals(round_, allocations),
            "form": form,
            "runs_rounds": permissions.runs_rounds(request.user),
            "page_title": round_.name,
            "breadcrumbs": [*CRUMBS, (round_.name, None)],
        },
        status=status,
    )


def _allocation_page(request: HttpRequest, allocation: Allocation, status: int = 200, **forms: Any) -> HttpResponse:
    manage = permissions.can_manage(request.user, allocation)
    evaluation = getattr(allocation, "evaluation", None)
    if allocation.is_allocated and permissions.can_draw_on(request.user, allocation):
        forms.setdefault("claim_form", ClaimForm(prefix="claim"))
    if manage:
        forms.setdefault(
            "decision_form",
            DecisionForm(prefix="decision", initial={"amount": allocation.amount or allocation.requested}),
        )
        if allocation.is_allocated:
            forms.setdefault("payment_form", PaymentForm(prefix="payment"))
            initial = (
                {f: getattr(evaluation, f) for f in ("verdict", "outcomes", "people_reached", "lessons")}
                if evaluation
                else None
            )
            forms.setdefault("evaluation_form", EvaluationForm(prefix="evaluation", initial=initial))
    claimed = services.drawn(allocation, Claim.Kind.CLAIM)
    spent = services.drawn(allocation, Claim.Kind.RETURN)
    paid = services.paid(allocation)
    staff_side = permissions.can_read_allocation(request.user, allocation)
    crumbs = CRUMBS if staff_side else [("Workspace", "/staff/"), ("Your groups' funding", reverse("funding:mine"))]
    round_url = (
        allocation.round.get_absolute_url() if staff_side else reverse("funding:apply", args=[allocation.round_id])
    )
    return render(
        request,
        "funding/allocation.html",
        {
            "allocation": allocation,
            "round": allocation.round,
            "claims": allocation.claims.all(),
            "claimed": claimed,
            "spent": spent,
            "paid": paid,
            "to_pay": (allocation.amount or 0) - paid,
            "payments": allocation.payments.all(),
            "round_url": round_url,
            "evaluation": evaluation,
            "can_manage": manage,
            **forms,
            "invalid_forms": [f for f in forms.values() if f.is_bound and f.errors],
            "page_title": allocation.project,
            "breadcrumbs": [
                *crumbs,
                (allocation.round.name, round_url),
                (allocation.project, None),
            ],
        },
        status=status,
    )


@staff_required()
@require_safe
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _allocation_page(request, _allocation(request, pk))


def _manager(request: HttpRequest, pk: int) -> Allocation:
    _reader(request)
    allocation = _allocation(request, pk)
    if not permissions.can_manage(request.user, allocation):
        raise PermissionDenied("Only funding managers for this group's area change its funding.")
    return allocation


@staff_required(Capability.MANAGE_FUNDING)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = _manager(request, pk)
    form = DecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(
                request.user,
                allocation,
                allocate=data["decision"] == "allocate",
                amount=data["amount"],
                conditions=data["conditions"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(allocation)
    return _allocation_page(request, allocation, 400, decision_form=form)


@staff_required()
@require_POST
def add_claim(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = _allocation(request, pk)
    if not permissions.can_draw_on(request.user, allocation):
        raise PermissionDenied("Only the group's own officers and funding managers for its area record claims.")
    form = ClaimForm(request.POST, request.FILES, prefix="claim")
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.add_claim(
                request.user,
                allocation,
                kind=data["kind"],
                amount=data["amount"],
                description=data["description"],
                spent_on=data["spent_on"],
                receipt=data["receipt"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{claim.get_kind_display()} of £{claim.amount:,.2f} recorded.")
            return redirect(allocation)
    return _allocation_page(request, allocation, 400, claim_form=form)


@staff_required(Capability.MANAGE_FUNDING)
@require_POST
def decide_claim(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    allocation = _manager(request, pk)
    claim = get_object_or_404(Claim, pk=claim_pk, allocation=allocation)
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_claim(request.user, claim, accept=accept)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _allocation_page(request, allocation, exc.status)
    messages.success(request, "Claim accepted." if accept else "Claim rejected.")
    return redirect(allocation)


@staff_required(Capability.MANAGE_FUNDING)
@require_POST
def record_payment(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = _manager(request, pk)
    form = PaymentForm(request.POST, prefix="payment")
    if form.is_valid():
        try:
            payment = services.record_payment(request.user, allocation, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Payment of £{payment.amount:,.2f} recorded.")
            return redirect(allocation)
    return _allocation_page(request, allocation, 400, payment_form=form)


@staff_required(Capability.MANAGE_FUNDING)
@require_POST
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = _manager(request, pk)
    form = EvaluationForm(request.POST, prefix="evaluation")
    if form.is_valid():
        try:
            services.evaluate(request.user, allocation, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Evaluation report saved.")
            return redirect(allocation)
    return _allocation_page(request, allocation, 400, evaluation_form=form)


@staff_required()
@require_safe
def receipt(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    """A receipt, only to those who may see its allocation (never from /media/)."""
    allocation = _allocation(request, pk)
    claim = get_object_or_404(Claim, pk=claim_pk, allocation=allocation)
    if not claim.receipt:
        raise Http404("This claim has no receipt.")
    name = (claim.receipt.name or "receipt").rsplit("/", 1)[-1]
    response: Any = FileResponse(claim.receipt.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
