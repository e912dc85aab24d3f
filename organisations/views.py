"""Staff pages: units of the service and the people holding posts in them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from core import exports
from core.errors import ServiceError
from core.forms import add_service_error
from organisations import queries, services
from organisations.decorators import staff_required
from organisations.forms import PostForm, UnitFilterForm, UnitForm
from organisations.models import Post, Unit
from organisations.permissions import can_manage_unit
from organisations.scope import Capability


def _filtered_units(request: HttpRequest) -> tuple[UnitFilterForm, QuerySet[Unit]]:
    form = UnitFilterForm(request.GET or None)
    units = Unit.objects.select_related("borough", "parent", "ward").order_by("kind", "name")
    if form.is_valid():
        if q := form.cleaned_data.get("q"):
            units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
        if kind := form.cleaned_data.get("kind"):
            units = units.filter(kind=kind)
        if borough := form.cleaned_data.get("borough"):
            units = units.filter(
                Q(borough=borough) | Q(borough__isnull=True, command_unit__boroughs=borough)
            ).distinct()
    return form, units


@staff_required()
def unit_list(request: HttpRequest) -> HttpResponse:
    form, units = _filtered_units(request)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/unit_list.html",
        {
            "filter_form": form,
            "page": page,
            "can_add": can_manage_unit(request.user, None),
            "can_publish_officers": request.user.has_perm("organisations.manage_senior_officers"),
            "page_title": "Units and people",
            "breadcrumbs": [("Staff workspace", "/staff/"), ("Units and people", None)],
        },
    )


@staff_required()
def unit_csv(request: HttpRequest) -> HttpResponse:
    """The filtered list of units as CSV."""
    _, units = _filtered_units(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="units.csv"'
    writer = exports.csv_writer(response)
    writer.writerow(["slug", "name", "short_name", "kind", "parent", "borough", "ward", "email", "phone", "active"])
    for u in units.iterator(chunk_size=500):
        writer.writerow(
            [
                u.slug,
                u.name,
                u.short_name,
                u.get_kind_display(),
                u.parent.name if u.parent else "",
                u.borough.name if u.borough else "",
                u.ward.code if u.ward else "",
                u.email,
                u.phone,
                "yes" if u.is_active else "no",
            ]
        )
    return response


@staff_required()
def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent", "borough", "ward", "command_unit"), slug=slug)
    posts = queries.posts_of(unit)
    return render(
        request,
        "organisations/unit_detail.html",
        {
            "unit": unit,
            "posts": [(p, queries.describe_scope(p)) for p in posts],
            "children": unit.children.order_by("name")[:200],
            "can_manage": can_manage_unit(request.user, unit),
            "page_title": str(unit),
            "breadcrumbs": [
                ("Staff workspace", "/staff/"),
                ("Units and people", "/organisations/"),
                (str(unit), None),
            ],
        },
    )


def _unit_form_page(request: HttpRequest, form: UnitForm, unit: Unit | None, status: int = 200) -> HttpResponse:
    title = f"Change {unit}" if unit else "Add a unit"
    crumbs = [("Staff workspace", "/staff/"), ("Units and people", "/organisations/")]
    if unit:
        crumbs.append((str(unit), unit.get_absolute_url()))
    return render(
        request,
        "organisations/unit_form.html",
        {"form": form, "unit": unit, "page_title": title, "breadcrumbs": [*crumbs, (title, None)]},
        status=status,
    )


@staff_required(Capability.ADMINISTER)
def unit_create(request: HttpRequest) -> HttpResponse:
    form = UnitForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            if not can_manage_unit(
                request.user, Unit(**{k: form.cleaned_data.get(k) for k in ("ward", "borough", "command_unit")})
            ):
                raise PermissionDenied("You can only add units within your own area.")
            try:
                unit = services.create_unit(by=request.user, data=form.cleaned_data)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"{unit} added.")
                return redirect(unit)
        return _unit_form_page(request, form, None, status=400)
    return _unit_form_page(request, form, None)


@staff_required(Capability.ADMINISTER)
def unit_edit(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_object_or_404(Unit, slug=slug)
    if not can_manage_unit(request.user, unit):
        raise PermissionDenied("This unit is outside your area.")
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            unit.refresh_from_db()  # the form wrote its values onto the instance; the service diffs them
            try:
                unit = services.update_unit(unit, by=request.user, data=data)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"{unit} saved.")
                return redirect(unit)
        return _unit_form_page(request, form, unit, status=400)
    return _unit_form_page(request, form, unit)


def _post_form_page(
    request: HttpRequest, form: PostForm, unit: Unit, post: Post | None, status: int = 200
) -> HttpResponse:
    title = "Change a post" if post else "Add a post"
    return render(
        request,
        "organisations/post_form.html",
        {
            "form": form,
            "unit": unit,
            "post": post,
            "page_title": f"{title} – {unit}",
            "breadcrumbs": [
                ("Staff workspace", "/staff/"),
                ("Units and people", "/organisations/"),
                (str(unit), unit.get_absolute_url()),
                (title, None),
            ],
        },
        status=status,
    )


@staff_required(Capability.ADMINISTER)
def post_create(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_object_or_404(Unit, slug=slug)
    if not can_manage_unit(request.user, unit):
        raise PermissionDenied("This unit is outside your area.")
    form = PostForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                post = services.create_post(by=request.user, data={**form.service_data(), "unit": unit})
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"{post.user} now holds a post in {unit}.")
                return redirect(unit)
        return _post_form_page(request, form, unit, None, status=400)
    return _post_form_page(request, form, unit, None)


@staff_required(Capability.ADMINISTER)
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("unit", "user"), pk=pk)
    if not can_manage_unit(request.user, post.unit):
        raise PermissionDenied("This unit is outside your area.")
    form = PostForm(request.POST or None, post=post)
    if request.method == "POST":
        if form.is_valid():
            data = form.service_data()
            data.pop("user", None)
            try:
                services.update_post(post, by=request.user, data=data)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"Post of {post.user} saved.")
                return redirect(post.unit)
        return _post_form_page(request, form, post.unit, post, status=400)
    return _post_form_page(request, form, post.unit, post)


@staff_required(Capability.ADMINISTER)
def post_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then (POST) remove a post."""
    post = get_object_or_404(Post.objects.select_related("unit", "user"), pk=pk)
    if not can_manage_unit(request.user, post.unit):
        raise PermissionDenied("This unit is outside your area.")
    unit = post.unit
    if request.method == "POST":
        services.end_post(post, by=request.user)
        messages.success(request, f"Post of {post.user} removed.")
        return redirect(unit)
    return render(
        request,
        "organisations/post_remove.html",
        {
            "post": post,
            "scope": queries.describe_scope(post),
            "page_title": f"Remove the post of {post.user}",
            "breadcrumbs": [
                ("Staff workspace", "/staff/"),
                ("Units and people", "/organisations/"),
                (str(unit), unit.get_absolute_url()),
                ("Remove a post", None),
            ],
        },
    )
