"""The equitable-spread view, the payment ledger and the end-of-year report to the oversight body (pages, CSV,
XLSX, PDF)."""

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.exports import table_response
from funding import exports, ledger, permissions, queries
from funding.models import Round
from organisations.decorators import staff_required

CRUMBS = [("Workspace", "/staff/"), ("Funding", "/funding/")]


def _reader(request: HttpRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied("Only funding managers, the oversight body's readers and administrators see funding.")


def _round(request: HttpRequest) -> Round | None:
    """The round chosen by `?round=` (every round when none is given)."""
    wanted = request.GET.get("round", "")
    if not wanted:
        return None
    if not wanted.isdigit():
        raise Http404("No such funding round.")
    round_ = Round.objects.filter(pk=int(wanted)).first()
    if round_ is None:
        raise Http404("No such funding round.")
    return round_


def _context(request: HttpRequest) -> dict[str, Any]:
    """The allocations chosen by `?round=` and `?borough=` (an ONS code of a borough the reader may see)."""
    round_ = _round(request)
    allocations = permissions.readable_allocations(request.user)
    query = {}
    if round_ is not None:
        allocations = allocations.filter(round=round_)
        query["round"] = str(round_.pk)
    code = request.GET.get("borough", "")
    borough = None
    if code:
        borough = permissions.readable_boroughs(request.user).filter(code=code[:9]).first()
        if borough is None:
            raise Http404("No such borough in your area.")
        allocations = allocations.filter(borough=borough)
        query["borough"] = borough.code
    rounds = [round_] if round_ else list(Round.objects.all())
    return {
        "round": round_,
        "borough": borough,
        "rounds": Round.objects.all(),
        "allocations": allocations,
        "fictional": queries.any_fictional(rounds),
        "need_label": queries.NEED_LABEL,
        "query": urlencode(query),
    }


def _spread(request: HttpRequest, context: dict[str, Any]) -> queries.Spread:
    return queries.spread(
        permissions.readable_boroughs(request.user),
        context["allocations"],
        sees_london=permissions.sees_london(request.user),
    )


@staff_required()
@require_safe
def spread(request: HttpRequest) -> HttpResponse:
    _reader(request)
    context = _context(request)
    return render(
        request,
        "funding/spread.html",
        {
            **context,
            "spread": _spread(request, context),
            "page_title": "Equitable spread of funding",
            "breadcrumbs": [*CRUMBS, ("Equitable spread", None)],
        },
    )


@staff_required()
@require_safe
def spread_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _reader(request)
    context = _context(request)
    rows = exports.spread_rows(_spread(request, context))
    return table_response(fmt, "funding-spread", exports.SPREAD_COLUMNS, rows)


def _report(request: HttpRequest) -> dict[str, Any]:
    context = _context(request)
    rows = queries.report_rows(context["allocations"])
    return {
        **context,
        "rows": rows,
        "spread": _spread(request, context),
        "total_allocated": sum((a.amount or queries.ZERO for a in rows), queries.ZERO),
        "total_claimed": sum((a.claimed for a in rows), queries.ZERO),  # type: ignore[attr-defined]
        "total_spent": sum((a.spent for a in rows), queries.ZERO),  # type: ignore[attr-defined]
        "total_accepted": sum((a.accepted for a in rows), queries.ZERO),  # type: ignore[attr-defined]
        "total_paid": sum((a.paid for a in rows), queries.ZERO),  # type: ignore[attr-defined]
        "evaluated": len([a for a in rows if getattr(a, "evaluated", False)]),
    }


@staff_required()
@require_safe
def report(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return render(
        request,
        "funding/report.html",
        {
            **_report(request),
            "page_title": "End-of-year funding report",
            "breadcrumbs": [*CRUMBS, ("End-of-year report", None)],
        },
    )


@staff_required()
@require_safe
def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _reader(request)
    context = _report(request)
    if fmt == "pdf":
        response = HttpResponse(
            exports.to_pdf(context, base_url=request.build_absolute_uri("/")), content_type="application/pdf"
        )
        response["Content-Disposition"] = 'attachment; filename="funding-end-of-year-report.pdf"'
        return response
    return table_response(
        fmt, "funding-end-of-year-report", exports.REPORT_COLUMNS, exports.report_rows(context["rows"])
    )


@staff_required()
@require_safe
def ledger_page(request: HttpRequest) -> HttpResponse:
    _reader(request)
    context = _context(request)
    page = Paginator(ledger.payments(context["allocations"]), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/ledger.html",
        {
            **context,
            "ledger": ledger.ledger(context["allocations"]),
            "page": page,
            "page_title": "Payment ledger",
            "breadcrumbs": [*CRUMBS, ("Payment ledger", None)],
        },
    )


@staff_required()
@require_safe
def ledger_export(request: HttpRequest, fmt: str, what: str) -> HttpResponse:
    _reader(request)
    allocations = _context(request)["allocations"]
    if what == "payments":
        rows = ledger.payment_rows(ledger.payments(allocations).iterator())
        return table_response(fmt, "funding-payments", ledger.PAYMENT_COLUMNS, rows)
    balances = ledger.balance_rows(ledger.ledger(allocations).rows)
    return table_response(fmt, "funding-balances", ledger.BALANCE_COLUMNS, balances)
