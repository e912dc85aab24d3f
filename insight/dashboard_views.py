"""The dashboards per audience: the board, a borough commander, the oversight body's scrutiny staff; the board's
dashboard as PDF. Each reader sees London and the boroughs of their area (`permissions.readable_boroughs`); the
commander's similar boroughs show their published survey figures only."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from insight import dashboards, exports, permissions, queries
from insight.models import Period
from organisations.decorators import staff_required
from places.models import Borough

CRUMBS = [("Workspace", "/staff/"), ("Board's view", "/insight/")]
BOARD_INTRO = (
    "For the Confidence and Satisfaction Board: London's figure for each survey measure over the last quarters, "
    "and every borough's latest quarter beside London's. Every figure links to the measure it counts."
)


def _reader(request: HttpRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied("Only coordinators, the oversight body's readers and administrators see dashboards.")


def _page(request: HttpRequest, audience: str, title: str, context: dict[str, Any]) -> HttpResponse:
    return render(
        request,
        "insight/dashboard.html",
        {
            "audience": audience,
            "page_title": title,
            "breadcrumbs": [*CRUMBS, (title, None)],
            **context,
        },
    )


def _board_context(request: HttpRequest) -> dict[str, Any]:
    boroughs = list(permissions.readable_boroughs(request.user))
    return {"dash": dashboards.board(boroughs), "intro": BOARD_INTRO, "linkable": {b.pk for b in boroughs}}


@staff_required()
@require_safe
def board(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return _page(request, "board", "The board's dashboard", _board_context(request))


@staff_required()
@require_safe
def board_pdf(request: HttpRequest) -> HttpResponse:
    _reader(request)
    context = {**_board_context(request), "page_title": "The board's dashboard"}
    pdf = exports.dashboard_pdf(context, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="board-dashboard.pdf"'
    return response


@staff_required()
@require_safe
def borough(request: HttpRequest) -> HttpResponse:
    _reader(request)
    boroughs = list(permissions.readable_boroughs(request.user))
    code = request.GET.get("borough", "")
    chosen: Borough | None = next((b for b in boroughs if b.code == code), None)
    if code and chosen is None:
        raise Http404("No such borough in your area.")
    chosen = chosen or (boroughs[0] if boroughs else None)
    context: dict[str, Any] = {"boroughs": boroughs, "borough": chosen, "linkable": {b.pk for b in boroughs}}
    if chosen is None:
        context["dash"] = dashboards.Dashboard([], [], [])
        return _page(request, "borough", "Borough commander's dashboard", context)
    similar = dashboards.similar_boroughs(chosen)
    dash = dashboards.commander(chosen, similar)
    context.update(
        dash=dash,
        similar=similar,
        intro=f"{chosen.name} against London and the boroughs most like it, quarter by quarter.",
        links_register=request.user.has_perm("activities.view_activity"),
        links_feedback=permissions.reads_feedback_report(request.user),
    )
    if dash.latest_period is not None:
        _measures, _london, rows = queries.engagement_beside(dash.latest_period, [chosen])
        context.update(engagement=rows[0], engagement_period=dash.latest_period)
    return _page(request, "borough", f"Borough commander's dashboard: {chosen.name}", context)


@staff_required()
@require_safe
def scrutiny(request: HttpRequest) -> HttpResponse:
    _reader(request)
    context = _board_context(request)
    context["periods"] = list(Period.objects.filter(results__isnull=False).distinct().order_by("-end", "kind"))
    context["intro"] = (
        "For the oversight body's scrutiny staff: every figure the service holds, read-only, with every download."
    )
    return _page(request, "scrutiny", "Scrutiny dashboard", context)
