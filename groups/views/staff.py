"""The staff workspace for groups: groups, members, join requests."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import exports
from core.errors import NotAllowed, ServiceError
from core.forms import add_service_error
from groups import permissions, queries, services
from groups.forms import BriefingReceiptForm, DecisionForm, GroupFilterForm, GroupForm, MemberForm
from groups.models import BriefingReceipt, CommunityGroup, JoinRequest, Member
from groups.views.common import readable_group, render_form
from organisations.decorators import staff_required
from organisations.scope import Capability

CRUMB = ("Groups", "/groups/")


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Workspace", "/staff/"), CRUMB, *items]


@staff_required()
@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    form = GroupFilterForm(request.GET or None)
    groups = permissions.readable(request.user).select_related("ward__borough", "borough")
    if form.is_valid():
        if form.cleaned_data["q"]:
            groups = groups.filter(name__icontains=form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            groups = groups.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["borough"]:
            groups = groups.filter(borough=form.cleaned_data["borough"])
    groups = groups.annotate(
        member_count=Count("members", distinct=True),
        pending=Count("join_requests", filter=Q(join_requests__status=JoinRequest.Status.PENDING), distinct=True),
    ).order_by("name")
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="groups.csv"'
        writer = exports.csv_writer(response)
        writer.writerow(["Name", "Kind", "Area", "Public", "Members", "Pending requests"])
        for g in groups:
            writer.writerow(
                [g.name, g.get_kind_display(), g.area_name, "yes" if g.is_public else "no", g.member_count, g.pending]
            )
        return response
    page = Paginator(groups, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "groups/group_list.html",
        {
            "form": form,
            "page_obj": page,
            "can_create": permissions.manageable(request.user).exists() or request.user.is_superuser,
            "page_title": "Groups",
            "breadcrumbs": _crumbs(("Groups", None))[:-2] + [("Groups", None)],
        },
    )


@staff_required(Capability.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(by=request.user, data=form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{group.name} created.")
            return redirect(group)
    return render_form(
        request,
        "groups/group_form.html",
        {"form": form, "page_title": "New group", "breadcrumbs": _crumbs(("New group", None))},
    )


def _link_for(request: HttpRequest, group: CommunityGroup | None) -> str:
    """Where a link to another group may lead this user: its staff page if they may read it, else its public page
    if it has one, else nowhere (the name is shown as text)."""
    if group is None:
        return ""
    if permissions.can_read(request.user, group):
        return group.get_absolute_url()
    return group.get_public_url() if group.is_public else ""


@staff_required()
@require_safe
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = readable_group(request, pk)
    today = timezone.localdate()
    # Every member once, with their briefings: who is current and which roles are vacant follow from the list.
    members = list(
        group.members.prefetch_related(
            Prefetch("briefings", queryset=BriefingReceipt.objects.select_related("pack"))
        ).order_by("term_end", "role", "name")
    )
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "members": members,
            "current_ids": {m.pk for m in members if queries.is_current(m, today)},
            "vacancies": queries.vacancies(group, members),
            "requests": group.join_requests.filter(status=JoinRequest.Status.PENDING),
            "decision_form": DecisionForm(),
            "can_manage": permissions.can_manage(request.user, group),
            "can_read_equality": permissions.can_read_equality(request.user, group),
            "represented": group.represented_groups.order_by("name"),
            "represented_on_url": _link_for(request, group.represented_on),
            "upcoming": group.meetings.filter(activity__starts_at__gte=timezone.now())
            .select_related("activity")
            .order_by("activity__starts_at")[:10],
            "past": group.meetings.filter(activity__starts_at__lt=timezone.now())
            .select_related("activity")
            .order_by("-activity__starts_at")[:10],
            "page_title": group.name,
            "breadcrumbs": _crumbs((group.name, None)),
        },
    )


def _managed_group(request: HttpRequest, pk: int) -> CommunityGroup:
    group = readable_group(request, pk)
    if not permissions.can_manage(request.user, group):
        raise PermissionDenied("You can read this group but not change it.")
    return group


@staff_required(Capability.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_group(group=CommunityGroup.objects.get(pk=pk), by=request.user, data=form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Group updated.")
            return redirect(group)
    return render_form(
        request,
        "groups/group_form.html",
        {
            "form": form,
            "group": group,
            "page_title": f"Edit {group.name}",
            "breadcrumbs": _crumbs((group.name, group.get_absolute_url()), ("Edit", None)),
        },
    )


@staff_required(Capability.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent_to_contact"}
        try:
            services.add_member(
                group=group, by=request.user, data=data, consent=form.cleaned_data["consent_to_contact"]
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{data['name']} added.")
            return redirect(group)
    return render_form(
        request,
        "groups/member_form.html",
        {
            "form": form,
            "group": group,
            "page_title": "Add a member",
            "breadcrumbs": _crumbs((group.name, group.get_absolute_url()), ("Add a member", None)),
        },
    )


def _member(request: HttpRequest, pk: int) -> Member:
    member = get_object_or_404(Member.objects.select_related("group"), pk=pk)
    if not permissions.can_read(request.user, member.group):
        raise Http404("No such member")
    if not permissions.can_manage(request.user, member.group):
        raise PermissionDenied("You can read this group but not change it.")
    return member


@staff_required(Capability.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    group = member.group
    form = MemberForm(request.POST or None, instance=member, initial={"consent_to_contact": member.consent_to_contact})
    receipt_form = BriefingReceiptForm(prefix="briefing")
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent_to_contact"}
        try:
            services.update_member(
                member=Member.objects.get(pk=pk),
                by=request.user,
                data=data,
                consent=form.cleaned_data["consent_to_contact"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{data['name']} updated.")
            return redirect(group)
    return render_form(
        request,
        "groups/member_form.html",
        {
            "form": form,
            "group": group,
            "member": member,
            "receipt_form": receipt_form,
            "receipts": member.briefings.select_related("pack"),
            "page_title": f"Edit {member.name}",
            "breadcrumbs": _crumbs((group.name, group.get_absolute_url()), (member.name, None)),
        },
    )


@staff_required(Capability.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    group = member.group
    if request.method == "POST":
        services.remove_member(member=member, by=request.user)
        messages.success(request, f"{member.name}'s record and any equality answers were deleted.")
        return redirect(group)
    return render(
        request,
        "groups/member_delete.html",
        {
            "member": member,
            "group": group,
            "page_title": f"Delete {member.name}",
            "breadcrumbs": _crumbs((group.name, group.get_absolute_url()), ("Delete member", None)),
        },
    )


@staff_required(Capability.MANAGE_GROUPS)
@require_POST
def member_withdraw_equality(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    services.withdraw_member_equality(member=member, by=request.user)
    # One message whether or not there were answers: how many (or none) would tell the group's managers who
    # answered the equality questions and how fully.
    messages.success(request, f"Any equality monitoring answers from {member.name} are deleted.")
    return redirect(member.group)


@staff_required(Capability.MANAGE_GROUPS)
@require_POST
def member_send_monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    try:
        services.send_monitoring_invitation(member=member, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"We emailed {member.name} a link to the voluntary equality monitoring questions.")
    return redirect(member.group)


@staff_required(Capability.MANAGE_GROUPS)
@require_POST
def member_record_briefing(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    form = BriefingReceiptForm(request.POST, prefix="briefing")
    if form.is_valid():
        try:
            services.record_briefing(member=member, by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Recorded that {member.name} received {form.cleaned_data['pack']}.")
            return redirect("groups:member_edit", pk=member.pk)
    return render(
        request,
        "groups/member_form.html",
        {
            "form": MemberForm(instance=member, initial={"consent_to_contact": member.consent_to_contact}),
            "group": member.group,
            "member": member,
            "receipt_form": form,
            "receipts": member.briefings.select_related("pack"),
            "page_title": f"Edit {member.name}",
            "breadcrumbs": _crumbs((member.group.name, member.group.get_absolute_url()), (member.name, None)),
        },
        status=400,
    )


@staff_required(Capability.MANAGE_GROUPS)
@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = get_object_or_404(JoinRequest.objects.select_related("group"), pk=pk)
    if not permissions.can_read(request.user, join_request.group):
        raise Http404("No such request")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose accept or decline.")
        return redirect(join_request.group)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.decide_join_request(
            request=join_request, by=request.user, accept=accept, note=form.cleaned_data["note"]
        )
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{join_request.name} was {'accepted' if accept else 'declined'} and has been told by email."
        )
    return redirect(join_request.group)
