"""Staff pages for one activity: see it, change it, move it through its statuses, answer consultations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from activities import forms, permissions, queries, services, translations
from activities.models import Activity, ActivityLink, PriorConsultation
from core import audit, registry
from core.audit_display import present, reader_for
from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from organisations.permissions import reads_audit, reads_audit_names
from organisations.scope import Capability


def visible_or_404(request: HttpRequest, pk: int) -> Activity:
    if not permissions.can_read(request.user):
        raise Http404("No such activity.")
    qs = queries.visible_activities(request.user).select_related("organising_unit", "lead", "operation")
    return get_object_or_404(qs, pk=pk)


@staff_required()
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = visible_or_404(request, pk)
    can_edit = permissions.can_edit(request.user, activity)
    clashes: list[queries.Clash] = []
    standing: list[queries.Clash] = []
    if activity.is_active:
        clashes, standing = queries.check_clashes(queries.Proposal.of(activity), limit=10)
    linked = {link.other_id: link for link in activity.links.select_related("other")}
    linked.update({link.activity_id: link for link in activity.linked_from.all()})
    for clash in clashes:
        clash.link = linked.get(clash.activity.pk)
    consultations = list(activity.consultations.select_related("team", "ward", "responded_by"))
    for c in consultations:
        c.can_answer = permissions.in_consulted_team(request.user, c)  # type: ignore[attr-defined]
        c.can_resolve = request.user.has_perm("activities.resolve_objection", c)  # type: ignore[attr-defined]
        c.can_overrule = permissions.coordinates_consulted_ward(  # type: ignore[attr-defined]
            request.user, c
        ) and (request.user.is_superuser or not permissions.is_organiser_of(request.user, activity))
    next_statuses = [Activity.Status(s) for s in sorted(services.TRANSITIONS[activity.status])]
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "can_edit": can_edit,
            "can_translate": can_edit and translations.offered(activity),
            "clashes": clashes,
            "standing": standing,
            "linked": linked,
            "links": list(activity.links.select_related("other")),
            "consultations": consultations,
            "next_statuses": next_statuses,
            "status_form": forms.StatusForm(activity=activity),
            "link_kinds": ActivityLink.Kind.choices,
            "sections": registry.activity_page.render_list(activity, request),
            "consult_states": [
                PriorConsultation.State.ACKNOWLEDGED,
                PriorConsultation.State.COMMENTED,
                PriorConsultation.State.OBJECTED,
            ],
            "history": (
                present(
                    audit.history_for(activity)[:20], reader_for(request.user, entitled=reads_audit_names(request.user))
                )
                if reads_audit(request.user)
                else []
            ),
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
                raise PermissionDenied(exc.message) from exc
            add_service_error(form, exc)
            code = exc.status
        else:
            messages.success(request, f"“{activity.title}” is now {Activity.Status(status).label.lower()}.")
            return redirect(activity)
    else:
        code = 400
    return render(
        request,
        "activities/status_form.html",
        {"activity": activity, "form": form, "page_title": f"Change status: {activity.title}"},
        status=code,
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


def _consultation_or_404(request: HttpRequest, pk: int) -> PriorConsultation:
    return get_object_or_404(PriorConsultation.objects.select_related("activity", "team", "ward"), pk=pk)


def _consultation_done(request: HttpRequest, consultation: PriorConsultation, exc: ServiceError | None) -> HttpResponse:
    """Back to the activity's consultation section, or a clear refusal (403) or reason (4xx)."""
    if exc is None:
        return redirect(f"{consultation.activity.get_absolute_url()}#consultation")
    if exc.status == 403:
        raise PermissionDenied(exc.message) from exc
    return render(
        request,
        "activities/consultation_refused.html",
        {
            "consultation": consultation,
            "message": exc.message,
            "page_title": "Prior consultation",
            "breadcrumbs": [
                ("Workspace", "/staff/"),
                ("Engagement register", "/activities/"),
                (consultation.activity.title, consultation.activity.get_absolute_url()),
                ("Prior consultation", None),
            ],
        },
        status=exc.status,
    )


@staff_required()
@require_POST
def answer_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_or_404(request, pk)
    try:
        services.respond_to_consultation(
            consultation=consultation,
            by=request.user,
            state=request.POST.get("state", ""),
            comment=request.POST.get("comment", ""),
        )
    except ServiceError as exc:
        return _consultation_done(request, consultation, exc)
    messages.success(request, "Your answer has been sent to the organiser.")
    return _consultation_done(request, consultation, None)


@staff_required()
@require_POST
def resolve_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser or the team records what they agreed; once both have, the objection is resolved."""
    consultation = _consultation_or_404(request, pk)
    try:
        services.resolve_objection(consultation=consultation, by=request.user, note=request.POST.get("note", ""))
    except ServiceError as exc:
        return _consultation_done(request, consultation, exc)
    messages.success(request, "Your agreement has been recorded.")
    return _consultation_done(request, consultation, None)


@staff_required(Capability.COORDINATE)
@require_POST
def overrule_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """The borough champion overrules an objection, giving a reason that is kept."""
    consultation = _consultation_or_404(request, pk)
    try:
        services.overrule_objection(consultation=consultation, by=request.user, reason=request.POST.get("reason", ""))
    except ServiceError as exc:
        return _consultation_done(request, consultation, exc)
    messages.success(request, "The objection has been overruled and your reason recorded.")
    return _consultation_done(request, consultation, None)
