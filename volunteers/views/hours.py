"""Coordinators' hours report: approved hours per volunteer (with long-service milestones), home borough and
programme, for a period; CSV and XLSX downloads. The per-volunteer download names people, so it is audited."""

from datetime import date, timedelta

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core import audit
from organisations.decorators import staff_required
from volunteers import exports, hours
from volunteers.views.coordinator import CAP, CRUMBS

PERIODS = {"1": 1, "3": 3, "6": 6, "12": 12, "all": None}
BREAKDOWNS = ("volunteer", "borough", "programme")


def _period(request: HttpRequest) -> tuple[str, date | None, date]:
    key = request.GET.get("months", "12")
    key = key if key in PERIODS else "12"
    until = timezone.localdate()
    months = PERIODS[key]
    return key, (until - timedelta(days=round(months * 30.44)) if months else None), until


@staff_required(CAP)
def report(request: HttpRequest) -> HttpResponse:
    key, since, until = _period(request)
    page = Paginator(hours.per_volunteer(request.user, since, until), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/hours.html",
        {
            "months": key,
            "periods": [
                (k, f"Last {m} month{'s' if m != 1 else ''}" if m else "Since records began")
                for k, m in PERIODS.items()
            ],
            "since": since,
            "until": until,
            "page": page,
            "lines": hours.volunteer_rows(page.object_list, until),
            "boroughs": hours.per_borough(request.user, since, until),
            "programmes": hours.per_programme(request.user, since, until),
            "milestones": hours.HOURS_MILESTONES,
            "years": hours.YEARS_MILESTONES,
            "filter_query": f"months={key}",
            "page_title": "Volunteer hours",
            "breadcrumbs": [*CRUMBS, ("Hours", None)],
        },
    )


@staff_required(CAP)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    key, since, until = _period(request)
    by = request.GET.get("by", "volunteer")
    if by not in BREAKDOWNS:
        return HttpResponse("Choose by=volunteer, borough or programme.", status=400, content_type="text/plain")
    if by == "volunteer":
        lines = hours.volunteer_rows(hours.per_volunteer(request.user, since, until), until)
        audit.log(request.user, "volunteer.hours_exported", None, changes={"volunteers": len(lines), "months": key})
    elif by == "borough":
        lines = hours.per_borough(request.user, since, until)
    else:
        lines = hours.per_programme(request.user, since, until)
    start = since.isoformat() if since else "start"
    return exports.table(
        fmt, f"volunteer-hours-by-{by}-{start}-to-{until.isoformat()}", exports.hours_rows(by, lines), "Hours"
    )
