"""The whole picture: the register with filters, CSV export, calendar, counts, fatigue and what is waiting."""

import calendar as pycal
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from activities import calendar_cells, exports, forms, listing, maps, permissions, queries
from activities.models import Activity, CommunityOfInterest
from activities.paging import COUNT_CAP, CappedPaginator
from core import bounds, registry
from organisations.decorators import staff_required
from places import reference
from places.models import Borough

LEVELS = ("high", "medium", "low")


def _readable(request: HttpRequest) -> Any:
    if not permissions.can_read(request.user):
        raise PermissionDenied("Your role does not allow you to see the engagement register.")
    return queries.visible_activities(request.user)


def filtered(request: HttpRequest) -> tuple[forms.FilterForm, Any]:
    form = forms.FilterForm(request.GET or None)
    qs = _readable(request)
    if form.is_bound and form.is_valid():
        qs = queries.apply_filters(qs, form.filters())
    return form, qs


@staff_required()
def index(request: HttpRequest) -> HttpResponse:
    """The register: every activity the user may see, filtered, with counts per borough."""
    form, qs = filtered(request)
    # Filters that all hold on a footprint row (dates, with a place or a method), and a text search, read the
    # matches' ids once; a few matches are then read by their ids.
    matched = queries.known_matches(request.user, form.filters(), qs, COUNT_CAP + 1)
    if matched is not None and len(matched) <= queries.FEW:
        qs = qs.filter(queries.ids_in(matched))
    listed = qs.select_related("organising_unit").order_by("-starts_at", "-pk")
    counted = qs if matched is None else lambda limit: min(len(matched), limit)
    paginator = CappedPaginator(reference.with_place_ids(listed), 50, counted=counted)
    # A reader of part of London with no filter, or a London-wide one filtering by place: the page is read from
    # the newest of a few indexed reads, not by sorting every match.
    every = reference.with_place_ids(Activity.objects.select_related("organising_unit"))
    if (newest := queries.newest_first(request.user, form.filters(), every)) is not None:
        paginator = CappedPaginator(newest, 50, counted=newest.count)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    rows = listing.rows(page.object_list)  # with the wards and boroughs read with the page
    query = request.GET.copy()
    query.pop("page", None)
    # The borough counts read every footprint row of the matches: drawn when at most COUNT_CAP match.
    wants_counts = request.GET.get("counts") != "0"
    counts: list[dict[str, Any]] = []
    if wants_counts and not paginator.capped:
        counts = queries.counts_by_borough(
            newest.local_matches() if newest is not None else qs if matched is None else matched
        )
    borough_map, borough_rows = maps.register_map(counts, query.urlencode()) if counts else (None, [])
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "counts": counts,
        "counts_capped": wants_counts and paginator.capped,
        "count_cap": paginator.cap,
        "borough_map": borough_map,
        "borough_rows": borough_rows,
        "can_plan": permissions.can_plan(request.user),
        "can_coordinate": permissions.can_coordinate(request.user),
        # The rule itself: a refusal through has_perm would go on to read Django's own permission tables.
        "can_read_standards": permissions.reads_standards(request.user),
        "page_title": "Engagement register",
        "breadcrumbs": [("Workspace", "/staff/"), ("Engagement register", None)],
    }
    template = "activities/activity_list.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


@staff_required()
def export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV (one row per activity; the `id` column lets an edited file update them)."""
    _form, qs = filtered(request)
    response = StreamingHttpResponse(exports.csv_chunks(qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="activities.csv"'
    return response  # type: ignore[return-value]


@staff_required()
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered list as an XLSX workbook, with the same columns as the CSV (and the import)."""
    form, qs = filtered(request)
    total = qs.order_by().values("pk")[: exports.XLSX_MAX_ROWS + 1].count()  # counted no further than the limit
    if total > exports.XLSX_MAX_ROWS:
        return render(
            request,
            "activities/activity_list.html",
            {
                "form": form,
                "page": Paginator(qs.none(), 50).get_page(1),
                "query": request.GET.urlencode(),
                "counts": [],
                "export_error": f"More than {exports.XLSX_MAX_ROWS:,} activities match: narrow the filters to at most "
                f"{exports.XLSX_MAX_ROWS:,} for a spreadsheet, or download CSV.",
                "page_title": "Engagement register",
                "breadcrumbs": [("Workspace", "/staff/"), ("Engagement register", None)],
            },
            status=400,
        )
    response = StreamingHttpResponse(
        exports.xlsx_chunks(qs),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="activities.xlsx"'
    return response  # type: ignore[return-value]


def _month_param(value: str | None) -> date:
    today = timezone.localdate()
    if value:
        try:
            y, m = value.split("-")
            month = date(int(y), int(m), 1)
        except ValueError:
            pass
        else:
            if bounds.EARLIEST_YEAR <= month.year <= bounds.LATEST_YEAR:
                return month
    return today.replace(day=1)


@staff_required()
def calendar_view(request: HttpRequest) -> HttpResponse:
    """Month or week calendar of occurrences, with the list's filters. A ward or borough is read on the month's
    footprint rows themselves (the same occurrences, without first finding every activity of the place)."""
    form = forms.FilterForm(request.GET or None)
    qs, place = _readable(request), None
    if form.is_bound and form.is_valid():
        filters = form.filters()
        qs = queries.apply_filters(qs, filters.without_places())
        place = queries.place_condition(filters)
    view = request.GET.get("view", "month")
    if view == "week":
        try:
            anchor = date.fromisoformat(request.GET.get("week", ""))
        except ValueError:
            anchor = timezone.localdate()
        if not bounds.EARLIEST_YEAR <= anchor.year <= bounds.LATEST_YEAR:
            anchor = timezone.localdate()
        first = anchor - timedelta(days=anchor.weekday())
        last = first + timedelta(days=7)
        prev_param, next_param = (first - timedelta(days=7)).isoformat(), last.isoformat()
        heading = f"Week beginning {first:%-d %B %Y}"
    else:
        view = "month"
        first = _month_param(request.GET.get("month"))
        last = (first + timedelta(days=32)).replace(day=1)
        prev_param = (first - timedelta(days=1)).strftime("%Y-%m")
        next_param = last.strftime("%Y-%m")
        heading = f"{first:%B %Y}"
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(last, datetime.min.time()))
    occurrences = queries.occurrences(qs, start, end, place=place)
    by_day = calendar_cells.by_day(occurrences)
    if view == "month":
        weeks = pycal.Calendar().monthdatescalendar(first.year, first.month)
    else:
        weeks = [[first + timedelta(days=i) for i in range(7)]]
    grid = [[(d, by_day.get(d, []), d.month == first.month or view == "week") for d in week] for week in weeks]
    query = request.GET.copy()
    for key in ("month", "week", "view"):
        query.pop(key, None)
    return render(
        request,
        "activities/calendar.html",
        {
            "form": form,
            "grid": grid,
            "days": [(d, by_day[d]) for d in sorted(by_day)],
            "view": view,
            "heading": heading,
            "prev_param": prev_param,
            "next_param": next_param,
            "query": query.urlencode(),
            "truncated": len(occurrences) >= 2000,
            "page_title": f"Calendar: {heading}",
            "breadcrumbs": [("Workspace", "/staff/"), ("Engagement register", "/activities/"), ("Calendar", None)],
        },
    )


@staff_required()
def borough_counts(request: HttpRequest, code: str) -> HttpResponse:
    """Planned and held activities per ward of one borough."""
    borough = get_object_or_404(Borough, code=code)
    _form, qs = filtered(request)
    return render(
        request,
        "activities/borough_counts.html",
        {
            "borough": borough,
            "rows": queries.counts_by_ward(qs, borough),
            "fatigue": queries.fatigue_for_borough(borough),
            "page_title": f"Engagement in {borough.name}",
            "breadcrumbs": [
                ("Workspace", "/staff/"),
                ("Engagement register", "/activities/"),
                (borough.name, None),
            ],
        },
    )


@staff_required()
def fatigue(request: HttpRequest) -> HttpResponse:
    """Coordinators' table of engagement load per ward of a borough and per community of interest."""
    if not permissions.can_see_engagement_picture(request.user):
        raise PermissionDenied("Only coordinators see the fatigue table.")
    boroughs = permissions.picture_boroughs(request.user)
    first = boroughs.first()
    code = request.GET.get("borough") or (first.code if first else "")
    borough = boroughs.filter(code=code).first()
    if code and borough is None:
        raise Http404("No such borough in your area.")
    cfg = queries.fatigue_config()
    active = list(CommunityOfInterest.objects.filter(is_active=True))
    communities = queries.fatigue_for_communities(active, cfg=cfg)
    sort = request.GET.get("sort", "")
    sort = sort if sort in queries.FATIGUE_SORTS else "score_4w"
    level = request.GET.get("level", "")
    level = level if level in LEVELS else ""
    area = list(boroughs.order_by("name"))
    wards = queries.fatigue_for_borough(borough, cfg=cfg) if borough else []
    raised = queries.raised_by_borough(area, cfg=cfg)  # every borough of the area in one read of 4 weeks
    per_borough = [{"code": b.code, "name": b.name, "wards": raised[b.pk][1], "raised": raised[b.pk][0]} for b in area]
    fatigue_map = maps.share_map(
        "fatigue-map",
        title="Share of each borough's wards at medium or high fatigue (last 4 weeks)",
        measure="wards at medium or high fatigue, last 4 weeks",
        counts={b.code: raised[b.pk] for b in area},
        what="at medium or high",
        link=lambda c: f"?sort={sort}&level={level}&borough={c}",
    )
    return render(
        request,
        "activities/fatigue.html",
        {
            "boroughs": boroughs,
            "borough": borough,
            "wards": queries.sort_and_filter(wards, sort=sort, level=level),
            "communities": queries.sort_and_filter(communities, sort=sort, level=level),
            "cfg": cfg,
            "map": fatigue_map,
            "notices": registry.planning_notices.notices(
                request.user,
                registry.Places(frozenset(b.pk for b in boroughs), community_ids=frozenset(c.pk for c in active)),
            ),
            "per_borough": per_borough,
            "sort": sort,
            "sorts": [(k, label) for k, (label, _key) in queries.FATIGUE_SORTS.items()],
            "level": level,
            "levels": LEVELS,
            "page_title": "Engagement fatigue",
            "breadcrumbs": [("Workspace", "/staff/"), ("Engagement register", "/activities/"), ("Fatigue", None)],
        },
    )


@staff_required()
def never_asked(request: HttpRequest) -> HttpResponse:
    """Who is never asked: wards and communities nothing has engaged in 3, 6 or 12 months, largest first."""
    if not permissions.can_see_engagement_picture(request.user):
        raise PermissionDenied("Only coordinators and the oversight body see who is never asked.")
    boroughs = permissions.picture_boroughs(request.user)
    try:
        months = int(request.GET.get("months", "6"))
    except ValueError:
        months = 0
    code = request.GET.get("borough", "")
    if months not in queries.NEVER_ASKED_DAYS or (code and not boroughs.filter(code=code).exists()):
        return render(
            request,
            "activities/never_asked.html",
            {"error": "Choose 3, 6 or 12 months and a borough in your area.", "all_boroughs": boroughs},
            status=400,
        )
    chosen = boroughs.filter(code=code) if code else boroughs
    found = queries.never_asked(months=months, boroughs=chosen)
    overall = queries.never_asked(months=months, boroughs=boroughs) if code else found
    key = f"never_{months}"
    never_map = maps.share_map(
        "never-asked-map",
        title=f"Share of each borough's wards with nothing in {months} months",
        measure=f"wards nothing has engaged in {months} months",
        counts={r["code"]: (r[key], r["wards"]) for r in overall.boroughs},
        what=f"with nothing in {months} months",
        link=lambda c: f"?months={months}&borough={c}",
    )
    return render(
        request,
        "activities/never_asked.html",
        {
            "found": found,
            "all_boroughs": boroughs,
            "code": code,
            "months": months,
            "month_choices": list(queries.NEVER_ASKED_DAYS),
            "wards": found.wards[:300],
            "map": never_map,
            "per_borough": overall.boroughs,
            "trend": queries.never_asked_trend(chosen, months=months),
            "page_title": "Who is never asked",
            "breadcrumbs": [
                ("Workspace", "/staff/"),
                ("Engagement register", "/activities/"),
                ("Who is never asked", None),
            ],
        },
    )


@staff_required()
def unresolved_clashes(request: HttpRequest) -> HttpResponse:
    """Coordinators: clashes in their area that no planner has yet joined up or explained."""
    if not permissions.can_see_engagement_picture(request.user):
        raise PermissionDenied("Only coordinators see the clashes in their area.")
    boroughs = permissions.picture_boroughs(request.user)
    code = request.GET.get("borough", "")
    chosen = boroughs.filter(code=code) if code else boroughs
    if code and not chosen.exists():
        raise Http404("No such borough in your area.")
    return render(
        request,
        "activities/unresolved_clashes.html",
        {
            "pairs": queries.unresolved_clashes(chosen),
            "all_boroughs": boroughs,
            "code": code,
            "page_title": "Unresolved clashes",
            "breadcrumbs": [
                ("Workspace", "/staff/"),
                ("Engagement register", "/activities/"),
                ("Unresolved clashes", None),
            ],
        },
    )


@staff_required()
def waiting(request: HttpRequest) -> HttpResponse:
    """Prior consultations waiting: for the user's own team, and for coordinators across their area."""
    mine = list(queries.consultations_waiting_for(request.user)[:200])
    coordinated = []
    objections = []
    if permissions.can_coordinate(request.user):
        coordinated = list(queries.consultations_for_coordinator(request.user)[:500])
        objections = list(queries.objections_for_coordinator(request.user)[:500])
    return render(
        request,
        "activities/waiting.html",
        {
            "mine": mine,
            "coordinated": coordinated,
            "objections": objections,
            "page_title": "Prior consultations waiting",
            "breadcrumbs": [("Workspace", "/staff/"), ("Engagement register", "/activities/"), ("Waiting", None)],
        },
    )
