"""The board's view: confidence measures per borough beside London, and engagement beside confidence."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify

from core.errors import ServiceError
from core.exports import table_response
from core.forms import add_service_error
from insight import exports, importer, permissions, queries, services, stats
from insight.forms import ImportForm, MeasureForm, PeriodForm
from insight.models import Measure, Period, Result
from organisations.decorators import staff_required

CRUMBS = [("Workspace", "/staff/"), ("Board's view", "/insight/")]


def _reader(request: HttpRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied(
            "Only coordinators, the oversight body's readers and administrators see the board's view."
        )


def _manager(request: HttpRequest) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied("Only administrators import survey results and manage measures and periods.")


def _kind(request: HttpRequest, available: list[tuple[str, str]]) -> str:
    wanted = request.GET.get("kind", "")
    keys = [k for k, _ in available]
    return wanted if wanted in keys else (keys[0] if keys else Period.Kind.QUARTER)


@staff_required()
def index(request: HttpRequest) -> HttpResponse:
    _reader(request)
    measures = []
    for m in Measure.objects.all():
        london = Result.objects.filter(measure=m, borough__isnull=True).select_related("period", "source")
        measures.append((m, london.order_by("-period__end", "-period__kind").first()))
    periods = Period.objects.filter(results__isnull=False).distinct().order_by("-end", "kind")
    return render(
        request,
        "insight/index.html",
        {
            "measures": measures,
            "periods": periods,
            "fictional": queries.any_fictional(r for _m, r in measures),
            "can_manage": permissions.can_manage(request.user),
            "page_title": "Board's view: confidence and engagement",
            "breadcrumbs": [("Workspace", "/staff/"), ("Board's view", None)],
        },
    )


@staff_required()
def measure(request: HttpRequest, key: str) -> HttpResponse:
    _reader(request)
    m = get_object_or_404(Measure, key=key)
    boroughs = list(permissions.readable_boroughs(request.user))
    code = request.GET.get("borough", "")
    borough = next((b for b in boroughs if b.code == code), boroughs[0] if boroughs else None)
    kinds = queries.kinds_with_results(m)
    kind = _kind(request, kinds)
    points = queries.trend(m, borough, kind) if borough else []
    period, london, rows = queries.latest(m, boroughs, kind)
    shown = [pt.borough for pt in points] + [pt.london for pt in points] + [london] + [r.result for r in rows]
    return render(
        request,
        "insight/measure.html",
        {
            "measure": m,
            "boroughs": boroughs,
            "borough": borough,
            "kinds": kinds,
            "kind": kind,
            "kind_label": dict(Period.Kind.choices).get(kind, ""),
            "points": points,
            "chart": queries.chart(points) if points else None,
            "latest_period": period,
            "london": london,
            "rows": rows,
            "z": stats.Z_95,
            "fictional": queries.any_fictional(shown),
            "page_title": m.label,
            "breadcrumbs": [*CRUMBS, (m.label, None)],
        },
    )


@staff_required()
def measure_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    _reader(request)
    m = get_object_or_404(Measure, key=key)
    results = queries.results_in(permissions.readable_boroughs(request.user), m)
    return table_response(fmt, f"confidence-{m.key}", exports.RESULT_COLUMNS, exports.result_rows(results))


def _period(request: HttpRequest) -> tuple[list[Period], Period | None]:
    periods = list(Period.objects.filter(results__isnull=False).distinct().order_by("-end", "kind"))
    wanted = request.GET.get("period", "")
    chosen = next((p for p in periods if str(p.pk) == wanted), periods[0] if periods else None)
    if wanted and (chosen is None or str(chosen.pk) != wanted):
        raise Http404("No survey results for that period.")
    return periods, chosen


@staff_required()
def engagement(request: HttpRequest) -> HttpResponse:
    _reader(request)
    periods, period = _period(request)
    measures: list[Measure] = []
    london: dict[int, Result] = {}
    rows: list[queries.EngagementRow] = []
    if period is not None:
        measures, london, rows = queries.engagement_beside(period, permissions.readable_boroughs(request.user))
    shown = [*london.values(), *(r for row in rows for _m, r, _c in row.measures)]
    return render(
        request,
        "insight/engagement.html",
        {
            "periods": periods,
            "period": period,
            "measures": measures,
            "london": [london.get(m.pk) for m in measures],
            "rows": rows,
            "held_total": sum(row.engagement.held for row in rows),
            "fictional": queries.any_fictional(shown),
            "links_register": request.user.has_perm("activities.view_activity"),
            "links_feedback": permissions.reads_feedback_report(request.user),
            "page_title": "Engagement beside confidence",
            "breadcrumbs": [*CRUMBS, ("Engagement beside confidence", None)],
        },
    )


@staff_required()
def engagement_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _reader(request)
    _periods, period = _period(request)
    if period is None:
        raise Http404("No survey results have been imported yet.")
    measures, _london, rows = queries.engagement_beside(period, permissions.readable_boroughs(request.user))
    name = f"engagement-beside-confidence-{slugify(period.label)}"
    return table_response(fmt, name, exports.engagement_columns(measures), exports.engagement_rows(rows))


@staff_required()
def import_view(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = importer.import_results(
                    by=request.user,
                    name=upload.name,
                    content=upload.read(),
                    source_name=form.cleaned_data["source"],
                    dry_run=form.cleaned_data["dry_run"],
                    good_rows=form.cleaned_data["good_rows"],
                )
            except ServiceError as exc:
                add_service_error(form, exc)
                status = 400
            else:
                if report.rejected and not (report.saved or report.dry_run):
                    status = 400
                elif report.saved:
                    messages.success(
                        request, f"{report.saved} figures imported: {report.added} added, {report.updated} updated."
                    )
        else:
            status = 400
    return render(
        request,
        "insight/import.html",
        {
            "form": form,
            "report": report,
            "page_title": "Import survey results",
            "breadcrumbs": [*CRUMBS, ("Import survey results", None)],
        },
        status=status,
    )


@staff_required()
def manage(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return render(
        request,
        "insight/manage.html",
        {
            "measures": Measure.objects.all(),
            "periods": Period.objects.order_by("-end", "kind"),
            "page_title": "Measures and periods",
            "breadcrumbs": [*CRUMBS, ("Measures and periods", None)],
        },
    )


def _edit(request: HttpRequest, form_class: Any, instance: Any, what: str) -> HttpResponse:
    _manager(request)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = services.save_setting(by=request.user, form=form, what=what)
        messages.success(request, f"{what.capitalize()} “{saved}” saved.")
        return redirect(reverse("insight:manage"))
    title = f"Change {what} {instance}" if instance is not None and instance.pk else f"Add a {what}"
    return render(
        request,
        "insight/edit.html",
        {
            "form": form,
            "page_title": title,
            "breadcrumbs": [*CRUMBS, ("Measures and periods", reverse("insight:manage")), (title, None)],
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required()
def measure_edit(request: HttpRequest, key: str | None = None) -> HttpResponse:
    return _edit(request, MeasureForm, get_object_or_404(Measure, key=key) if key else None, "measure")


@staff_required()
def period_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _edit(request, PeriodForm, get_object_or_404(Period, pk=pk) if pk else None, "period")
