"""Staff pages for one activity: see it, change it, move it through its statuses, answer consultations."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from activities import forms, queries, services
from activities.models import Activity, ActivityLink, PriorConsultation
from core import audit
from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from organisations.scope import Capability, has_capability, scope_for


def visible_or_404(request: HttpRequest, pk: int) -> Activity:
    if not queries.can_read(request.user):
        raise Http404("No such activity.")
    qs = queries.visible_activities(request.user).select_related("organising_unit", "lead", "operation")
    return get_object_or_404(qs, pk=pk)


@staff_required()
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = visible_or_404(request, pk)
    can_edit = services.can_edit(request.user, activity)
    clashes: list[queries.Clash] = []
    standing: list[queries.Clash] = []
    if activity.is_active:
        clashes, standing = queries.check_clashes(queries.Proposal.of(activity), limit=10)
    linked = {link.other_id: link for link in activity.links.select_related("other")}
    linked.update({link.activity_id: link for link in activity.linked_from.all()})
    for clash in clashes:
        clash.link = linked.get(clash.activity.pk)
    team_ids = scope_for(request.user, Capability.WORKSPACE).unit_ids
    consultations = list(activity.consultations.select_related("team", "ward", "responded_by"))
    for c in consultations:
        c.can_answer = c.team_id in team_ids or request.user.is_superuser  # type: ignore[attr-defined]
    next_statuses = [Activity.Status(s) for s in sorted(services.TRANSITIONS[activity.status])]
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "can_edit": can_edit,
            "clashes": clashes,
            "standing": standing,
            "linked": linked,
            "links": list(activity.links.select_related("other")),
            "consultations": consultations,
            "next_statuses": next_statuses,
            "status_form": forms.StatusForm(activity=activity),
            "link_kinds": ActivityLink.Kind.choices,
            "consult_states": [
                PriorConsultation.State.ACKNOWLEDGED,
                PriorConsultation.State.COMMENTED,
                PriorConsultation.State.OBJECTED,
            ],
            "history": audit.history_for(activity)[:20] if has_capability(request.user, Capability.VIEW_AUDIT) else [],
            "page_title": activity.title,
            "breadcrumbs": [("Workspace", "/staff/"), ("Engagement register", "/activities/"), (activity.title, None)],
        },
    )


@staff_required(Capability.PLAN_ACTIVITY)
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    activity = visible_or_404(request, pk)
    form = forms.StatusForm(request.POST, activity=activity)
    if form.is_valid():
        data = dict(form.cleaned_data)
        status = data.pop("status")
        try:
            services.change_status(activity=activity, by=request.user, status=status, **data)
        except ServiceError as exc:
            if exc.status == 403:
                raise
            add_service_error(form, exc)
        else:
            messages.success(request, f"“{activity.title}” is now {Activity.Status(status).label.lower()}.")
            return redirect(activity)
    return render(
        request,
        "activities/status_form.html",
        {"activity": activity, "form": form, "page_title": f"Change status: {activity.title}"},
        status=400,
    )


@staff_required(Capability.PLAN_ACTIVITY)
@require_POST
def link(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    activity = visible_or_404(request, pk)
    other = visible_or_404(request, other_pk)
    try:
        services.link_clash(
            activity=activity,
            other=other,
            by=request.user,
            kind=request.POST.get("kind", ""),
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.message)
        return redirect(f"{activity.get_absolute_url()}#clashes")
    messages.success(request, f"Linked to “{other.title}”.")
    return redirect(f"{activity.get_absolute_url()}#clashes")


@staff_required()
@require_POST
def answer_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(PriorConsultation.objects.select_related("activity"), pk=pk)
    try:
        services.respond_to_consultation(
            consultation=consultation,
            by=request.user,
            state=request.POST.get("state", ""),
            comment=request.POST.get("comment", ""),
        )
    except ServiceError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.message)
        return redirect(f"{consultation.activity.get_absolute_url()}#consultation")
    messages.success(request, "Your answer has been sent to the organiser.")
    return redirect(consultation.activity)
