"""The public site: find your area, and a page for every borough and ward."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core import pagecache, registry
from core.errors import ServiceError
from core.identifiers import tag_uri
from core.templatetags.eh import wrap_tables
from organisations import queries as org_queries
from places import census_words, geometry, reference, search
from places.models import Borough, Ward
from places.services import find_postcode, postcode_error_status
from website import maps as area_maps
from website import prerender
from website.forms import LocationForm, PlaceSearchForm, PostcodeForm

PAGE_TTL = 60 * 10
SERVICE_NAME = "Engagement Hub"
# The Census 2021 topics shown in a borough's profile table, in order.
PROFILE_TOPICS = ("Age", "Ethnic group")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    form = PostcodeForm()
    boroughs = reference.borough_list()
    sections = registry.london_page.render_list(request)
    context = {"form": form, "boroughs": boroughs, "sections": sections, "london_map": area_maps.london_map()}
    return render(request, "website/home.html", context)


@require_safe
def find(request: HttpRequest) -> HttpResponse:
    """Find a ward by postcode, by place name or by location; a clear message (and a 4xx) if that cannot be done.

    Each way in is its own GET form on the page; the one whose field was sent is the one answered.
    """
    postcode_form = PostcodeForm(request.GET if "postcode" in request.GET else None)
    place_form = PlaceSearchForm(request.GET if "place" in request.GET else None)
    location_form = LocationForm(request.GET if {"latitude", "longitude"} & set(request.GET) else None)
    status = 200
    context: dict[str, Any] = {}
    if postcode_form.is_bound:
        if postcode_form.is_valid():
            try:
                match = find_postcode(postcode_form.cleaned_data["postcode"])
            except ServiceError as exc:
                postcode_form.add_error("postcode", exc.message)
                status = postcode_error_status(exc)
            else:
                return redirect(match.ward)
        else:
            status = 400
    elif place_form.is_bound:
        if place_form.is_valid():
            context["results"] = search.search(place_form.cleaned_data["place"])
            context["searched"] = place_form.cleaned_data["place"]
        else:
            status = 400
    elif location_form.is_bound:
        if location_form.is_valid():
            found = geometry.locate(location_form.cleaned_data["latitude"], location_form.cleaned_data["longitude"])
            if found.ward is not None and found.exact:
                return redirect(found.ward)
            if found.borough is None:
                location_form.add_error(
                    None, _("That location is not in a London borough. Try a postcode or a place name.")
                )
                status = 404
            context["located"] = found
        else:
            status = 400
    return render(
        request,
        "website/find.html",
        {
            **context,
            # `form` is the one answered: its errors head the page (base.html's error summary and title).
            "form": next((f for f in (place_form, location_form) if f.is_bound), postcode_form),
            "postcode_form": postcode_form,
            "place_form": place_form,
            "location_form": location_form,
            "boroughs": reference.borough_list(),
            "page_title": _("Find your area"),
            "breadcrumbs": [(_("Home"), "/"), (_("Find your area"), None)],
        },
        status=status,
    )


@require_safe
def borough_list(request: HttpRequest) -> HttpResponse:
    boroughs = Borough.objects.select_related("command_unit").annotate(ward_count=Count("wards")).order_by("name")
    return render(
        request,
        "website/borough_list.html",
        {
            "boroughs": boroughs,
            "page_title": _("London boroughs"),
            "breadcrumbs": [(_("Home"), "/"), (_("Boroughs"), None)],
        },
    )


# Area code -> primary key, filled as pages are served, so that a warm cached page costs no query.
_AREA_IDS: dict[str, dict[str, int]] = {"ward": {}, "borough": {}}


def _cacheable(request: HttpRequest) -> bool:
    """Pages for signed-in people, with a query string or with a message waiting differ per visitor."""
    return not (request.user.is_authenticated or request.GET or len(messages.get_messages(request)))


def _warm_page(request: HttpRequest, kind: str, code: str) -> HttpResponse | None:
    """The cached page of an area already seen, without touching the database; None if not cached (or when the
    page is being made again ahead of visitors, `website.prerender`)."""
    pk = _AREA_IDS[kind].get(code)
    if pk is None or not _cacheable(request) or prerender.requested(request):
        return None
    language = get_language()
    _tag, kept = pagecache.kept(kind, pk, language)
    html = kept.get(language)
    return HttpResponse(html) if html is not None else None


def _render_tracking_csrf(request: HttpRequest, render: Callable[[], Any]) -> tuple[Any, bool]:
    """What `render()` returns, and whether it put a CSRF token in it (a form: then it is this visitor's own)."""
    used_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    try:
        out = render()
        used = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False))
    finally:
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = used_before or request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    return out, used


def _area_body(
    request: HttpRequest,
    kept: str | None,
    keep: Callable[[str], None],
    template: str,
    context: Callable[[], dict[str, Any]],
) -> tuple[str, bool]:
    """The area's content (everything inside the page's main column), the same for every visitor: as `kept` in
    the cache for the area's current page versions (any change shown there makes new ones), or rendered and
    handed to `keep`. Content that holds a form's CSRF token is never kept. Returns the HTML and whether it can be
    shared between visitors."""
    if settings.AREA_CONTENT_CACHE and kept is not None:
        return mark_safe(kept), True  # noqa: S308 - our own rendered template, escaped when it was rendered
    # Its tables are put in their scroll regions once, as it is kept, rather than on every page it is served in
    # (base.html's `{% scrolltables %}`, which website/area_page.html leaves out).
    html, csrf_used = _render_tracking_csrf(
        request, lambda: wrap_tables(render_to_string(template, context(), request))
    )
    if settings.AREA_CONTENT_CACHE and not csrf_used:
        keep(str(html))
    return mark_safe(html), not csrf_used  # noqa: S308 - as above


def area_page(
    request: HttpRequest,
    kind: str,
    area: Ward | Borough,
    *,
    body_template: str,
    body_context: Callable[[], dict[str, Any]],
    page: dict[str, Any],
) -> HttpResponse:
    """A ward's or borough's public page: its content (`body_template`, cached for everyone) inside the page
    around it, rendered for each visitor (their menu, messages and language links).

    Anonymous visitors without a query string or a message waiting are served the whole page from the cache;
    everyone else gets the cached content in a page of their own. Neither is kept when the content holds a
    CSRF token (a section with a form), since that differs from one visitor to the next. The page versions and
    whatever is kept for them are read in one cache round trip.
    """
    cacheable = _cacheable(request)
    language = get_language()
    body_name = f"{language}:body"
    names = ([language] if cacheable else []) + ([body_name] if settings.AREA_CONTENT_CACHE else [])
    fresh = prerender.requested(request)
    tag, kept = pagecache.kept(kind, area.pk, *names, fresh=fresh)
    if fresh:
        kept = {}  # made again from the database, and kept for the visitors to come
    if language in kept:
        return HttpResponse(kept[language])

    def keep(name: str) -> Callable[[Any], None]:
        return lambda value: pagecache.keep(kind, area.pk, name, tag, value, PAGE_TTL)

    body, shared = _area_body(request, kept.get(body_name), keep(body_name), body_template, body_context)
    response, csrf_used = _render_tracking_csrf(
        request, lambda: render(request, "website/area_page.html", {**page, "body": body})
    )
    if cacheable and shared and not csrf_used and response.status_code == 200:
        keep(language)(response.content)
    return response


Area = TypeVar("Area", Ward, Borough)


def _area(found: Area | None) -> Area:
    if found is None:
        raise Http404("No such area.")
    return found


@require_safe
def borough_detail(request: HttpRequest, code: str) -> HttpResponse:
    code = code.upper()
    warm = _warm_page(request, "borough", code)
    if warm is not None:
        return warm
    borough = _area(reference.borough(code))
    _AREA_IDS["borough"][code] = borough.pk

    def content() -> dict[str, Any]:
        return {
            "borough": borough,
            "wards": reference.wards_of(borough),
            "units": org_queries.public_units_for_borough(borough),
            "command_unit_boroughs": reference.boroughs_policed_with(borough),
            "census": census_profile(borough),
            "ward_map": area_maps.ward_map(borough),
            "locator_map": area_maps.locator_map(borough),
            "sections": registry.borough_page.render_list(borough, request),
        }

    page = {
        "feed_links": [
            _feed_link(
                reverse("website:borough_feed", args=[borough.code]),
                _("%(name)s: news and updates (Atom feed)") % {"name": borough.name},
            )
        ],
        "page_title": borough.name,
        "breadcrumbs": [(_("Home"), "/"), (_("Boroughs"), "/boroughs/"), (borough.name, None)],
    }
    return area_page(
        request, "borough", borough, body_template="website/borough_detail.html", body_context=content, page=page
    )


@require_safe
def ward_detail(request: HttpRequest, code: str) -> HttpResponse:
    code = code.upper()
    warm = _warm_page(request, "ward", code)
    if warm is not None:
        return warm
    ward = _area(reference.ward(code))
    _AREA_IDS["ward"][code] = ward.pk

    def content() -> dict[str, Any]:
        return {
            "ward": ward,
            "borough": ward.borough,
            "team": org_queries.neighbourhood_team_for(ward),
            "team_members": org_queries.public_team_members(ward),
            "sections": registry.ward_page.render_list(ward, request),
        }

    page = {
        "feed_links": [
            _feed_link(
                reverse("website:ward_feed", args=[ward.code]),
                _("%(name)s ward: news and updates (Atom feed)") % {"name": ward.name},
            )
        ],
        "page_title": f"{ward.name}, {ward.borough.name}",
        "breadcrumbs": [
            (_("Home"), "/"),
            (_("Boroughs"), "/boroughs/"),
            (ward.borough.name, ward.borough.get_absolute_url()),
            (ward.name, None),
        ],
    }
    return area_page(request, "ward", ward, body_template="website/ward_detail.html", body_context=content, page=page)


def census_profile(borough: Borough) -> list[dict[str, Any]]:
    """Census 2021 percentages for the borough's profile table, in the page's language:
    [{key (the stored topic), topic, base, rows: [(category, value)]}]."""
    figures = reference.census_figures(borough, PROFILE_TOPICS)
    by_topic: dict[str, dict[str, Any]] = {}
    for figure in figures:
        topic = by_topic.setdefault(
            figure.topic,
            {
                "key": figure.topic,
                "topic": census_words.shown(figure.topic),
                "base": census_words.shown(figure.population_base),
                "rows": [],
            },
        )
        topic["rows"].append((census_words.shown(figure.category), figure.value))
    return [by_topic[t] for t in PROFILE_TOPICS if t in by_topic]


def _feed_link(href: str, title: str) -> dict[str, str]:
    return {"type": "application/atom+xml", "title": title, "href": href}


def _atom(request: HttpRequest, *, title: str, page: str, feed: str, items: list[registry.FeedItem]) -> HttpResponse:
    """A valid Atom 1.0 document (also when there are no items)."""
    atom = feedgenerator.Atom1Feed(
        title=title,
        link=request.build_absolute_uri(page),
        description=title,
        feed_url=request.build_absolute_uri(feed),
        feed_guid=tag_uri(feed.strip("/")),
        language="en",
        author_name=SERVICE_NAME,
    )
    for item in items:
        atom.add_item(
            title=item.title,
            link=request.build_absolute_uri(item.link),
            description=item.summary,
            unique_id=tag_uri(item.id),
            pubdate=item.updated,
            updateddate=item.updated,
        )
    return HttpResponse(atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


@require_safe
def ward_feed(request: HttpRequest, code: str) -> HttpResponse:
    ward = _area(reference.ward(code))
    return _atom(
        request,
        title=f"{ward.name} ward, {ward.borough.name} – {SERVICE_NAME}",
        page=ward.get_absolute_url(),
        feed=reverse("website:ward_feed", args=[ward.code]),
        items=registry.ward_feed.items(ward),
    )


@require_safe
def borough_feed(request: HttpRequest, code: str) -> HttpResponse:
    borough = _area(reference.borough(code))
    return _atom(
        request,
        title=f"{borough.name} – {SERVICE_NAME}",
        page=borough.get_absolute_url(),
        feed=reverse("website:borough_feed", args=[borough.code]),
        items=registry.borough_feed.items(borough),
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "website/accessibility.html", {"page_title": _("Accessibility statement")})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """Who is responsible for the data, what is held and why, for how long, your rights, how to complain."""
    records = [(_(kind.record), _(kind.basis), kind.kept()) for kind in registry.personal_records.ordered()]
    return render(
        request,
        "website/privacy.html",
        {
            "page_title": _("Privacy notice"),
            "controller": settings.DATA_CONTROLLER_NAME,
            "controller_address": settings.DATA_CONTROLLER_ADDRESS,
            "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL,
            "dpo_address": settings.DATA_PROTECTION_OFFICER_ADDRESS,
            "ico_registration": settings.ICO_REGISTRATION_NUMBER,
            "records": records,
        },
    )


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "website/open_data.html", {"page_title": _("Open data and API")})
