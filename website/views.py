"""The public site: find your area, and a page for every borough and ward."""

from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from core import pagecache, registry
from core.errors import ServiceError
from organisations import queries as org_queries
from places.models import Borough, Ward
from places.services import find_postcode, postcode_error_status
from website.forms import PostcodeForm

PAGE_TTL = 60 * 10


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    form = PostcodeForm()
    boroughs = Borough.objects.order_by("name")
    sections = registry.london_page.render_list(request)
    return render(request, "website/home.html", {"form": form, "boroughs": boroughs, "sections": sections})


@require_GET
def find(request: HttpRequest) -> HttpResponse:
    """Find a ward by postcode; show a clear message (and a 4xx) if that cannot be done."""
    form = PostcodeForm(request.GET or None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            match = find_postcode(form.cleaned_data["postcode"])
        except ServiceError as exc:
            form.add_error("postcode", exc.message)
            status = postcode_error_status(exc)
        else:
            return redirect(match.ward)
    elif form.is_bound:
        status = 400
    boroughs = Borough.objects.order_by("name")
    return render(
        request,
        "website/find.html",
        {"form": form, "boroughs": boroughs, "page_title": "Find your area"},
        status=status,
    )


@require_GET
def borough_list(request: HttpRequest) -> HttpResponse:
    boroughs = Borough.objects.select_related("command_unit").annotate(ward_count=Count("wards")).order_by("name")
    return render(request, "website/borough_list.html", {"boroughs": boroughs, "page_title": "London boroughs"})


def _cached_page(request: HttpRequest, kind: str, ident: int, build: Callable[[], HttpResponse]) -> HttpResponse:
    """Serve a public area page from the cache for anonymous visitors; build it otherwise."""
    if request.user.is_authenticated or request.GET:
        return build()
    key = pagecache.page_key(kind, ident)
    html = cache.get(key)
    if html is None:
        response = build()
        if response.status_code == 200:
            cache.set(key, response.content, PAGE_TTL)
        return response
    return HttpResponse(html)


@require_GET
def borough_detail(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_object_or_404(Borough.objects.select_related("command_unit"), code=code.upper())

    def build() -> HttpResponse:
        wards = borough.wards.order_by("name")
        context = {
            "borough": borough,
            "wards": wards,
            "units": org_queries.public_units_for_borough(borough),
            "sections": registry.borough_page.render_list(borough, request),
            "page_title": borough.name,
            "breadcrumbs": [("Home", "/"), ("Boroughs", "/boroughs/"), (borough.name, None)],
        }
        return render(request, "website/borough_detail.html", context)

    return _cached_page(request, "borough", borough.pk, build)


@require_GET
def ward_detail(request: HttpRequest, code: str) -> HttpResponse:
    ward = get_object_or_404(Ward.objects.select_related("borough"), code=code.upper())

    def build() -> HttpResponse:
        context = {
            "ward": ward,
            "borough": ward.borough,
            "team": org_queries.neighbourhood_team_for(ward),
            "team_members": org_queries.public_team_members(ward),
            "sections": registry.ward_page.render_list(ward, request),
            "page_title": f"{ward.name}, {ward.borough.name}",
            "breadcrumbs": [
                ("Home", "/"),
                ("Boroughs", "/boroughs/"),
                (ward.borough.name, ward.borough.get_absolute_url()),
                (ward.name, None),
            ],
        }
        return render(request, "website/ward_detail.html", context)

    return _cached_page(request, "ward", ward.pk, build)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "website/accessibility.html", {"page_title": "Accessibility statement"})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "website/privacy.html", {"page_title": "Privacy notice"})


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "website/open_data.html", {"page_title": "Open data and API"})
