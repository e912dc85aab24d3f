"""The public side: a group's page and asking to join."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import ServiceError
from core.forms import add_service_error
from equality import services as equality_services
from equality.forms import EqualityMonitoringForm
from groups import queries, services
from groups.forms import JoinForm
from groups.models import CommunityGroup
from groups.views.common import render_form
from languages import content


def _public_group(slug: str) -> CommunityGroup:
    return get_object_or_404(
        CommunityGroup.objects.select_related("ward__borough", "borough", "represented_on", "supporting_unit"),
        slug=slug,
        is_public=True,
        is_active=True,
    )


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    groups = CommunityGroup.objects.filter(is_public=True, is_active=True).select_related("ward__borough", "borough")
    kind = request.GET.get("kind", "")
    if kind in CommunityGroup.Kind.values:
        groups = groups.filter(kind=kind)
    else:
        groups = groups.exclude(kind=CommunityGroup.Kind.WARD_PANEL)
    page = Paginator(groups.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "groups/public_list.html",
        {
            "page_obj": page,
            "kind": kind,
            "kinds": CommunityGroup.Kind.choices,
            "page_title": _("Community groups"),
            "breadcrumbs": [(_("Home"), "/"), (_("Community groups"), None)],
        },
    )


@require_safe
def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _public_group(slug)
    crumbs = [(_("Home"), "/"), (_("Community groups"), "/groups/public/")]
    if group.ward:
        crumbs = [
            (_("Home"), "/"),
            (group.ward.borough.name, group.ward.borough.get_absolute_url()),
            (group.ward.name, group.ward.get_absolute_url()),
        ]
    elif group.borough:
        crumbs = [(_("Home"), "/"), (group.borough.name, group.borough.get_absolute_url())]
    return render(
        request,
        "groups/public_detail.html",
        {
            "group": group,
            "meetings": queries.upcoming_public_meetings(group),
            "decisions": queries.recent_public_decisions(group),
            "page_title": content.text(group, "name"),
            "breadcrumbs": [*crumbs, (content.marked(group, "name"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    group = _public_group(slug)
    if not group.accepts_join_requests:
        return render(
            request,
            "groups/join_closed.html",
            {"group": group, "page_title": _("Join %(name)s") % {"name": content.text(group, "name")}},
            status=404,
        )
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(
                group=group,
                data=form.join_data(),
                consent=form.cleaned_data["consent"],
                equality_answers=form.answers(),
                language=get_language(),
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            return redirect("groups:join_done", slug=group.slug)
    return render_form(
        request,
        "groups/join.html",
        {
            "group": group,
            "form": form,
            "page_title": _("Ask to join %(name)s") % {"name": content.text(group, "name")},
            "breadcrumbs": [
                (_("Home"), "/"),
                (content.marked(group, "name"), group.get_public_url()),
                (_("Ask to join"), None),
            ],
        },
    )


@require_safe
def join_done(request: HttpRequest, slug: str) -> HttpResponse:
    group = _public_group(slug)
    return render(
        request,
        "groups/join_done.html",
        {
            "group": group,
            "page_title": _("Request sent"),
            "breadcrumbs": [(_("Home"), "/"), (content.marked(group, "name"), group.get_public_url())],
        },
    )


@require_http_methods(["GET", "POST"])
def monitoring(request: HttpRequest, token: str) -> HttpResponse:
    """A member's own page for the voluntary equality questions: answer, change or withdraw."""
    try:
        member = services.member_from_monitoring_token(token)
    except ServiceError as exc:
        return render(
            request,
            "groups/monitoring_invalid.html",
            {"message": exc.message, "page_title": _("Link not valid")},
            status=404,
        )
    form = EqualityMonitoringForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        equality_services.withdraw_answers(subject_key=member.subject_key)
        return render(
            request,
            "groups/monitoring_done.html",
            {"withdrawn": True, "group": member.group, "page_title": _("Answers deleted")},
        )
    if request.method == "POST" and form.is_valid():
        services.record_member_equality(member=member, answers=form.answers())
        return render(
            request,
            "groups/monitoring_done.html",
            {"withdrawn": False, "group": member.group, "page_title": _("Thank you")},
        )
    return render_form(
        request,
        "groups/monitoring.html",
        {"form": form, "group": member.group, "page_title": _("Equality monitoring (optional)")},
    )
