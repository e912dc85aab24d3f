"""Coordinators' pages: volunteers, vetting, opportunities (post and fill), hours, the outputs report."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from organisations.models import Unit
from organisations.scope import Capability, units_for
from volunteers import distance, exports, hours, matching, permissions, queries, services
from volunteers.forms import (
    CancelForm,
    ImportForm,
    InviteForm,
    OpportunityForm,
    OutputForm,
    TrainingForm,
    VolunteerForm,
)
from volunteers.models import HoursLog, Opportunity, Volunteer
from volunteers.services import importer

CAP = Capability.COORDINATE_VOLUNTEERS
CRUMBS = [("Workspace", "/staff/"), ("Volunteers", "/volunteers/")]
REPORT_MONTHS = (1, 3, 6, 12)


def _volunteer(request: HttpRequest, pk: int) -> Volunteer:
    volunteer = get_object_or_404(Volunteer.objects.select_related("home_borough"), pk=pk)
    if not permissions.can_manage_volunteer(request.user, volunteer):
        raise Http404("No such volunteer in the boroughs you coordinate.")
    return volunteer


def _opportunity(request: HttpRequest, pk: int) -> Opportunity:
    opportunity = get_object_or_404(Opportunity, pk=pk)
    if not permissions.can_run_opportunity(request.user, opportunity):
        raise Http404("No such opportunity in the boroughs you coordinate.")
    return opportunity


@staff_required(CAP)
def volunteer_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip()[:100] for k in ("q", "kind", "borough", "status")}
    qs = queries.search_volunteers(permissions.visible_volunteers(request.user), **filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": Volunteer.Kind.choices,
            "statuses": Volunteer.Status.choices,
            "boroughs": permissions.coordinated_boroughs(request.user),
            "filter_query": urlencode({k: v for k, v in filters.items() if v}),
            "page_title": "Volunteers",
            "breadcrumbs": [CRUMBS[0], ("Volunteers", None)],
        },
    )


@staff_required(CAP)
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    return render(
        request,
        "volunteers/volunteer.html",
        {
            "volunteer": volunteer,
            "training": volunteer.training.all(),
            "shifts": volunteer.shifts.select_related("opportunity").order_by("-starts_at")[:20],
            "hours": volunteer.hours.all()[:30],
            "totals": queries.hours_totals(volunteer),
            "recognition": hours.for_volunteer(volunteer),
            "training_form": TrainingForm(),
            "email_language": queries.email_language_in_words(volunteer),
            "page_title": volunteer.name,
            "breadcrumbs": [*CRUMBS, (volunteer.name, None)],
        },
    )


@staff_required(CAP)
def volunteer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    volunteer = _volunteer(request, pk) if pk is not None else None
    boroughs = permissions.coordinated_boroughs(request.user)
    initial = {}
    if volunteer is not None:
        initial = {f: getattr(volunteer, f) for f in services.VOLUNTEER_FIELDS if f != "user"}
        initial.update(skills=volunteer.skills.all(), languages=volunteer.languages.all())
    form = VolunteerForm(
        request.POST or None,
        initial=initial,
        boroughs=boroughs,
        keep_language=volunteer.email_language if volunteer else "",
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        skills, languages = data.pop("skills"), data.pop("languages")
        try:
            volunteer = services.save_volunteer(
                by=request.user, data=data, volunteer=volunteer, skills=skills, languages=languages
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{volunteer.name} saved.")
            return redirect(volunteer)
    title = f"Change {volunteer.name}" if volunteer else "Add a volunteer"
    return render(
        request,
        "volunteers/form.html",
        {"form": form, "page_title": title, "breadcrumbs": [*CRUMBS, (title, None)], "button": "Save"},
        status=400 if form.errors else 200,
    )


@staff_required(CAP)
@require_POST
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    form = TrainingForm(request.POST)
    if form.is_valid():
        try:
            services.add_training(by=request.user, volunteer=volunteer, data=form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Training recorded.")
            return redirect(volunteer)
    title = f"Record training for {volunteer.name}"
    return render(
        request,
        "volunteers/form.html",
        {"form": form, "page_title": title, "breadcrumbs": [*CRUMBS, (title, None)], "button": "Record"},
        status=400,
    )


@staff_required(CAP)
@require_POST
def hours_approve(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_object_or_404(HoursLog.objects.select_related("volunteer"), pk=pk)
    if not permissions.can_manage_volunteer(request.user, log.volunteer):
        raise Http404("No such hours in the boroughs you coordinate.")
    try:
        services.approve_hours(by=request.user, log=log)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{log.hours} hours approved for {log.volunteer.name}.")
    return redirect(log.volunteer)


@staff_required(CAP)
def vetting(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.expiring_vetting(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/vetting.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "days": queries.VETTING_WARNING_DAYS,
            "page_title": "Vetting running out",
            "breadcrumbs": [*CRUMBS, ("Vetting running out", None)],
        },
    )


@staff_required(CAP)
def opportunity_list(request: HttpRequest) -> HttpResponse:
    qs = (
        permissions.visible_opportunities(request.user)
        .prefetch_related("boroughs", "wards__borough")
        .order_by("-starts_at", "pk")
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/opportunities.html",
        {
            "page": page,
            "page_title": "Volunteer opportunities",
            "breadcrumbs": [*CRUMBS, ("Opportunities", None)],
        },
    )


def _units(request: HttpRequest) -> object:
    if getattr(request.user, "is_superuser", False) or permissions.has_capability(request.user, Capability.ADMINISTER):
        return Unit.objects.filter(is_active=True)
    return units_for(request.user, CAP)


@staff_required(CAP)
def opportunity_create(request: HttpRequest) -> HttpResponse:
    form = OpportunityForm(request.POST or None, units=_units(request))
    form.fields["boroughs"].queryset = permissions.coordinated_boroughs(request.user)  # type: ignore[attr-defined]
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        boroughs, wards, skills = list(data.pop("boroughs")), data.pop("wards"), list(data.pop("skills"))
        try:
            opportunity = services.post_opportunity(
                by=request.user, data=data, boroughs=boroughs, wards=wards, skills=skills
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            status = exc.status
        else:
            messages.success(request, f"Opportunity posted and recorded in the engagement register: {opportunity}.")
            return redirect(opportunity)
    return render(
        request,
        "volunteers/form.html",
        {
            "form": form,
            "page_title": "Post an opportunity",
            "breadcrumbs": [*CRUMBS, ("Post an opportunity", None)],
            "button": "Post",
        },
        status=status,
    )


def _fill_page(
    request: HttpRequest,
    opportunity: Opportunity,
    form: InviteForm | None = None,
    status: int = 200,
    cancel_form: CancelForm | None = None,
) -> HttpResponse:
    candidates = [] if opportunity.is_cancelled else list(matching.matches(opportunity)[:100])
    for candidate in candidates:
        candidate.km = distance.km(candidate.away)  # type: ignore[attr-defined]
    form = form or InviteForm(candidates=Volunteer.objects.filter(pk__in=[v.pk for v in candidates]))
    return render(
        request,
        "volunteers/opportunity.html",
        {
            "opportunity": opportunity,
            "form": form,
            "candidates": candidates,
            "invitations": opportunity.invitations.select_related("volunteer").order_by("status", "volunteer__name"),
            "taken": queries.places_taken(opportunity),
            "outputs": opportunity.outputs.select_related("borough", "ward")[:50],
            "output_form": OutputForm(boroughs=None),
            "cancel_form": cancel_form or CancelForm(),
            "open": not opportunity.is_cancelled and opportunity.ends_at > timezone.now(),
            "page_title": opportunity.title,
            "breadcrumbs": [*CRUMBS, ("Opportunities", "/volunteers/opportunities/"), (opportunity.title, None)],
        },
        status=status,
    )


@staff_required(CAP)
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _fill_page(request, _opportunity(request, pk))


@staff_required(CAP)
@require_POST
def opportunity_invite(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity(request, pk)
    form = InviteForm(request.POST, candidates=permissions.visible_volunteers(request.user))
    if form.is_valid():
        try:
            invited, refused = services.invite(
                by=request.user, opportunity=opportunity, volunteers=list(form.cleaned_data["volunteers"])
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            if invited:
                messages.success(request, f"{len(invited)} volunteer{'s' if len(invited) != 1 else ''} invited.")
            for reason in refused:
                messages.warning(request, f"Not invited: {reason}")
            return redirect(opportunity)
    return _fill_page(request, opportunity, form, status=400)


def _period(request: HttpRequest) -> int:
    try:
        months = int(request.GET.get("months", "3"))
    except ValueError:
        months = 3
    return months if months in REPORT_MONTHS else 3


@staff_required(CAP)
def outputs(request: HttpRequest) -> HttpResponse:
    months = _period(request)
    until = timezone.localdate()
    since = until - timedelta(days=round(months * 30.44))
    lines, rows = queries.output_summary(queries.outputs_in(request.user, since, until))
    return render(
        request,
        "volunteers/outputs.html",
        {
            "months": months,
            "choices": REPORT_MONTHS,
            "since": since,
            "until": until,
            "lines": lines,
            "rows": rows,
            "kinds": [(k, label) for k, label in exports.KINDS],
            "chart": queries.chart(lines),
            "hours": queries.hours_by_borough(request.user, since, until),
            "page_title": "Volunteer outputs",
            "breadcrumbs": [*CRUMBS, ("Outputs", None)],
        },
    )


@staff_required(CAP)
def outputs_export(request: HttpRequest, fmt: str) -> HttpResponse:
    months = _period(request)
    until = timezone.localdate()
    since = until - timedelta(days=round(months * 30.44))
    qs = queries.outputs_in(request.user, since, until).select_related("borough", "ward", "opportunity")
    return exports.respond(fmt, f"volunteer-outputs-{since.isoformat()}-to-{until.isoformat()}", qs)


@staff_required(CAP)
def volunteer_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    form.fields["file"].help_text = (
        "Columns: name, kind, home_borough (ONS code or name), and optionally email, phone, vetting_level, "
        "vetting_expires_on, date_of_birth, guardian_name, guardian_phone, guardian_email, skills, languages, "
        "available, home_postcode, started_on (see the guide)"
    )
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = importer.import_volunteers(by=request.user, raw=form.cleaned_data["file"].read())
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            added = sum(1 for r in report if r.ok)
            messages.success(request, f"{added:,} volunteer{'s' if added != 1 else ''} added.")
    return render(
        request,
        "volunteers/import.html",
        {
            "form": form,
            "skipped": [r for r in report if not r.ok][:1000] if report else [],
            "page_title": "Import volunteers",
            "breadcrumbs": [*CRUMBS, ("Import", None)],
        },
        status=400 if form.errors else 200,
    )
