"""Meetings of a group: schedule, agenda, papers, minutes, attendance, actions."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import NotAllowed, ServiceError
from core.forms import add_service_error
from groups import permissions, queries, services
from groups.forms import ActionForm, MeetingForm, MinutesForm, PaperForm, ScheduleForm
from groups.models import Meeting, MeetingAction, MeetingPaper
from groups.views.common import readable_group, render_form
from organisations.decorators import staff_required
from organisations.scope import Capability


def _crumbs(group: Any, *items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Workspace", "/staff/"), ("Groups", "/groups/"), (group.name, group.get_absolute_url()), *items]


def _meeting(request: HttpRequest, pk: int, manage: bool = False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("group", "activity"), pk=pk)
    if not permissions.can_read(request.user, meeting.group):
        raise Http404("No such meeting")
    if manage and not permissions.can_manage(request.user, meeting.group):
        raise PermissionDenied("You can read this group but not change it.")
    return meeting


@staff_required(Capability.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    group = readable_group(request, pk)
    if not permissions.can_manage(request.user, group):
        raise PermissionDenied("You can read this group but not change it.")
    initial = {"recurrence": group.meets if group.meets != "bimonthly" else "bimonthly", "is_public": True}
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meetings = services.schedule_meetings(group=group, by=request.user, data=form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"{len(meetings)} meeting{'s' if len(meetings) != 1 else ''} scheduled and added to the register.",
            )
            return redirect(group)
    return render_form(
        request,
        "groups/meeting_schedule.html",
        {
            "form": form,
            "group": group,
            "page_title": "Schedule meetings",
            "breadcrumbs": _crumbs(group, ("Schedule meetings", None)),
        },
    )


@staff_required()
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    group = meeting.group
    can_manage = permissions.can_manage(request.user, group)
    return render(
        request,
        "groups/meeting_detail.html",
        {
            "meeting": meeting,
            "group": group,
            "activity": meeting.activity,
            "can_manage": can_manage,
            "held": meeting.has_been_held,
            "attendance": meeting.attendance.select_related("member").order_by("status", "member__name"),
            "actions": meeting.actions.all(),
            "papers": meeting.papers.all(),
            "minutes_form": MinutesForm(
                members=queries.members_at(meeting),
                initial={
                    "minutes": meeting.minutes,
                    "decisions": meeting.decisions,
                    "other_attendees": meeting.other_attendees,
                    "present": [a.member_id for a in meeting.attendance.all() if a.status == "present"],
                    "apologies": [a.member_id for a in meeting.attendance.all() if a.status == "apologies"],
                },
                prefix="minutes",
            ),
            "action_form": ActionForm(prefix="action"),
            "paper_form": PaperForm(prefix="paper"),
            "today": timezone.localdate(),
            "page_title": str(meeting),
            "breadcrumbs": _crumbs(group, (str(meeting), None)),
        },
    )


@staff_required(Capability.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, manage=True)
    activity = meeting.activity
    initial = {
        "starts_at": timezone.localtime(activity.starts_at),
        "ends_at": timezone.localtime(activity.ends_at),
        "venue": activity.venue,
        "venue_accessibility": activity.venue_accessibility,
        "agenda": meeting.agenda,
        "open_to_public": activity.method == "public_meeting",
        "is_public": activity.is_public,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting=meeting, by=request.user, data=form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Meeting updated.")
            return redirect(meeting)
    return render_form(
        request,
        "groups/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "group": meeting.group,
            "page_title": f"Edit {meeting}",
            "breadcrumbs": _crumbs(meeting.group, (str(meeting), meeting.get_absolute_url()), ("Edit", None)),
        },
    )


@staff_required(Capability.MANAGE_GROUPS)
@require_POST
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, manage=True)
    form = MinutesForm(request.POST, members=queries.members_at(meeting), prefix="minutes")
    if form.is_valid():
        try:
            services.record_minutes(
                meeting=meeting,
                by=request.user,
                minutes=form.cleaned_data["minutes"],
                decisions=form.cleaned_data["decisions"],
                present=list(form.cleaned_data["present"]),
                apologies=list(form.cleaned_data["apologies"]),
                other_attendees=form.cleaned_data["other_attendees"] or 0,
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Minutes and attendance saved; the meeting is marked as held in the register.")
            return redirect(meeting)
    return _form_page(request, meeting, "groups/meeting_minutes.html", form, "Minutes")


def _form_page(request: HttpRequest, meeting: Meeting, template: str, form: Any, label: str) -> HttpResponse:
    return render(
        request,
        template,
        {
            "form": form,
            "meeting": meeting,
            "group": meeting.group,
            "page_title": f"{label}: {meeting}",
            "breadcrumbs": _crumbs(meeting.group, (str(meeting), meeting.get_absolute_url()), (label, None)),
        },
        status=400,
    )


@staff_required(Capability.MANAGE_GROUPS)
@require_POST
def meeting_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, manage=True)
    form = ActionForm(request.POST, prefix="action")
    if form.is_valid():
        try:
            services.add_action(meeting=meeting, by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Action added.")
            return redirect(meeting)
    return _form_page(request, meeting, "groups/meeting_action.html", form, "Add an action")


@staff_required(Capability.MANAGE_GROUPS)
@require_POST
def meeting_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(MeetingAction.objects.select_related("meeting__group"), pk=pk)
    meeting = _meeting(request, action.meeting_id, manage=True)
    try:
        services.complete_action(action=action, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Action marked as done.")
    return redirect(meeting)


@staff_required(Capability.MANAGE_GROUPS)
@require_POST
def meeting_paper_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, manage=True)
    form = PaperForm(request.POST, request.FILES, prefix="paper")
    if form.is_valid():
        try:
            services.add_paper(
                meeting=meeting,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                is_public=form.cleaned_data["is_public"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Paper added.")
            return redirect(meeting)
    return _form_page(request, meeting, "groups/meeting_paper.html", form, "Add a paper")


@require_safe
def paper_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Papers published with a public meeting are open to all; others only to staff who can read the group."""
    paper = get_object_or_404(MeetingPaper.objects.select_related("meeting__group", "meeting__activity"), pk=pk)
    group = paper.meeting.group
    public = paper.is_public and group.is_public and paper.meeting.activity.is_public
    if not public and not permissions.can_read(request.user, group):
        raise Http404("No such paper")
    name = (paper.file.name or "paper").rsplit("/", 1)[-1]
    response: Any = FileResponse(paper.file.open("rb"), as_attachment=True, filename=name)
    return response
