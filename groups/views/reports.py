"""Representativeness of a group and the reports across groups."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import exports
from equality import permissions as equality_permissions
from equality import queries as equality
from equality.contexts import Area
from groups import permissions, queries
from groups.forms import RepresentativenessFilterForm
from groups.models import CommunityGroup
from groups.views.common import readable_group
from organisations.decorators import staff_required

BAR_SCALE = 3  # pixels per percentage point
ROW_HEIGHT = 34


def chart_rows(dimension: equality.ComparisonDimension) -> dict[str, Any]:
    """Positions for an SVG bar chart of group share against population share (no inline styles)."""
    rows = []
    for i, row in enumerate(dimension.rows):
        y = i * ROW_HEIGHT
        rows.append(
            {
                "row": row,
                "y": y,
                "group_y": y + 4,
                "pop_y": y + 17,
                "text_y": y + 15,
                "group_w": round((row.group_share or 0) * BAR_SCALE),
                "pop_w": round(row.population_share * BAR_SCALE),
            }
        )
    return {"rows": rows, "height": max(len(rows) * ROW_HEIGHT, ROW_HEIGHT), "width": 100 * BAR_SCALE + 260}


def _comparison_csv(group: CommunityGroup, comparison: equality.Comparison, profile: equality.Profile) -> HttpResponse:
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="representativeness-{group.slug}.csv"'
    writer = exports.csv_writer(response)
    writer.writerow([f"{group.name}: compared with Census 2021 for {comparison.area}"])
    writer.writerow(
        [
            "Counts are adjusted slightly so that no one can be identified; counts under "
            f"{comparison.threshold} are shown as 'suppressed'; the total is rounded to the nearest 5."
        ]
    )
    if comparison.suppressed:
        writer.writerow(["Too few people are counted to show anything."])
        return response
    writer.writerow(
        ["Dimension", "Category", "Members", "Share of members %", "Share of population %", "Ratio", "Assessment"]
    )
    for d in comparison.dimensions:
        for r in d.rows:
            writer.writerow(
                [
                    d.label,
                    r.label,
                    "suppressed" if r.count is None else r.count,
                    "" if r.group_share is None else r.group_share,
                    r.population_share,
                    "" if r.ratio is None else r.ratio,
                    r.assessment,
                ]
            )
    writer.writerow([])
    writer.writerow(["Question", "Answer", "People", "Share %"])
    for pd in profile.dimensions:
        for pr in pd.rows:
            writer.writerow(
                [
                    pd.label,
                    pr.label,
                    "suppressed" if pr.count is None else pr.count,
                    "" if pr.share is None else pr.share,
                ]
            )
    return response


@staff_required()
@require_safe
def representativeness(request: HttpRequest, pk: int) -> HttpResponse:
    group = readable_group(request, pk)
    if not permissions.can_read_equality(request.user, group):
        raise PermissionDenied("Equality figures are for equality readers and the group's own managers.")
    wards, boroughs, london = group.area()
    comparison = equality.compare_with_census(
        contexts=[group.context], wards=wards, boroughs=boroughs, london=london, user=request.user, permitted=True
    )
    profile = equality.build_profile([group.context])  # read logged by the comparison above
    if request.GET.get("format") == "csv":
        return _comparison_csv(group, comparison, profile)
    return render(
        request,
        "groups/representativeness.html",
        {
            "group": group,
            "comparison": comparison,
            "charts": [(d, chart_rows(d)) for d in comparison.dimensions],
            "profile": profile,
            "uncompared": [d for d in profile.dimensions if d.key in {"gender_identity", "sexual_orientation"}],
            "page_title": f"How representative is {group.name}?",
            "breadcrumbs": [
                ("Workspace", "/staff/"),
                ("Groups", "/groups/"),
                (group.name, group.get_absolute_url()),
                ("Representativeness", None),
            ],
        },
    )


@staff_required()
@require_safe
def reports(request: HttpRequest) -> HttpResponse:
    groups = permissions.readable(request.user)
    form = RepresentativenessFilterForm(request.GET or None)
    under: list[equality.UnderRepresentation] | None = None
    borough = None
    combined: equality.Comparison | None = None
    charts: list[Any] = []
    if form.is_bound and form.is_valid():
        borough = form.cleaned_data["borough"]
        if not equality_permissions.can_read_area(request.user, Area(boroughs=[borough])):
            raise PermissionDenied(
                "Representativeness across a borough needs permission to read equality figures in that borough."
            )
        # A fixed published set (every active group of the borough), the same for every reader, so that no two
        # readers' figures differ by one small group.
        in_borough = CommunityGroup.objects.filter(borough=borough, is_active=True).select_related("ward", "borough")
        items = []
        for g in in_borough:
            wards, boroughs, london = g.area()
            items.append(
                {"name": g.name, "contexts": [g.context], "wards": wards, "boroughs": boroughs, "london": london}
            )
        under = equality.under_representation(items, user=request.user, permitted=True)[:30]
        combined = equality.compare_with_census(
            contexts=[g.context for g in in_borough], boroughs=[borough], user=request.user, permitted=True
        )
        charts = [(d, chart_rows(d)) for d in combined.dimensions]
    context: dict[str, Any] = {
        "form": form,
        "borough": borough,
        "under": under,
        "comparison": combined,
        "charts": charts,
        "no_chair": queries.groups_with_vacancy(groups).select_related("ward", "borough").order_by("name")[:200],
        "ended": queries.members_with_ended_terms(groups)[:200],
        "no_meeting": queries.groups_without_recent_meeting(groups)
        .select_related("ward", "borough")
        .order_by("name")[:200],
        "overdue": queries.overdue_actions(groups)[:200],
        "can_read_equality": equality_permissions.is_equality_reader(request.user),
        "page_title": "Group reports",
        "breadcrumbs": [("Workspace", "/staff/"), ("Groups", "/groups/"), ("Reports", None)],
    }
    return render(request, "groups/reports.html", context, status=400 if form.is_bound and not form.is_valid() else 200)
