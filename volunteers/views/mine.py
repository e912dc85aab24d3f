"""A signed-in volunteer's own pages: invitations to accept or decline, shifts to check in and out of,
outputs and hours to log. A volunteer's account holds no staff capability; every record is looked up through
the volunteer's own, so another person's shift or invitation is a 404."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import add_service_error
from places.models import Borough
from volunteers import permissions, queries, services
from volunteers.forms import HoursForm, OutputForm
from volunteers.hours import for_volunteer
from volunteers.models import Invitation, Shift, Volunteer


def _crumbs() -> list[tuple[str, str | None]]:
    return [(_("Your volunteering"), reverse("volunteers:me"))]


def _me(request: HttpRequest) -> Volunteer:
    volunteer = permissions.own_volunteer(request.user)
    if volunteer is None:
        raise Http404(_("Your account is not linked to a volunteer record. Ask your coordinator."))
    return volunteer


def _shift(request: HttpRequest, pk: int) -> Shift:
    return get_object_or_404(Shift.objects.select_related("opportunity", "volunteer"), pk=pk, volunteer=_me(request))


def _output_form(shift: Shift, data: object = None) -> OutputForm:
    places = permissions.opportunity_boroughs(shift.opportunity)
    boroughs = Borough.objects.filter(pk__in=places) if places else Borough.objects.all()
    form = OutputForm(data, boroughs=boroughs)
    if len(places) == 1:
        form.fields["borough"].initial = next(iter(places))  # the only borough it covers
    return form


@login_required
def home(request: HttpRequest) -> HttpResponse:
    volunteer = _me(request)
    now = timezone.now()
    return render(
        request,
        "volunteers/me.html",
        {
            "volunteer": volunteer,
            "invitations": volunteer.invitations.filter(
                status=Invitation.Status.INVITED, opportunity__ends_at__gt=now, opportunity__is_cancelled=False
            ).select_related("opportunity"),
            "shifts": volunteer.shifts.filter(ends_at__gt=now - timedelta(days=7)).select_related("opportunity"),
            "hours": volunteer.hours.all()[:10],
            "totals": queries.hours_totals(volunteer),
            "recognition": for_volunteer(volunteer),
            "hours_form": HoursForm(),
            "page_title": _("Your volunteering"),
        },
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("opportunity"), pk=pk, volunteer=_me(request))
    choice = request.POST.get("answer")
    if choice not in ("accept", "decline"):
        messages.error(request, _("Choose whether to accept or decline."))
        return redirect("volunteers:me")
    try:
        services.answer(by=request.user, invitation=invitation, accept=choice == "accept")
    except ServiceError as exc:
        messages.error(request, exc.message)
        return render(
            request,
            "volunteers/refused.html",
            {"message": exc.message, "page_title": _("Your answer was not saved"), "breadcrumbs": _crumbs()},
            status=exc.status,
        )
    if choice == "accept":
        messages.success(
            request, _("You have a place on %(title)s. Thank you.") % {"title": invitation.opportunity.title}
        )
    else:
        messages.success(request, _("You declined %(title)s.") % {"title": invitation.opportunity.title})
    return redirect("volunteers:me")


@login_required
def shift(request: HttpRequest, pk: int) -> HttpResponse:
    found = _shift(request, pk)
    return _shift_page(request, found, _output_form(found))


def _shift_page(request: HttpRequest, found: Shift, form: OutputForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "volunteers/shift.html",
        {
            "shift": found,
            "opportunity": found.opportunity,
            "form": form,
            "outputs": found.outputs.select_related("borough", "ward"),
            "page_title": found.opportunity.title,
            "breadcrumbs": [*_crumbs(), (found.opportunity.title, None)],
        },
        status=status,
    )


@login_required
@require_POST
def shift_check(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    found = _shift(request, pk)
    try:
        if action == "in":
            services.check_in(by=request.user, shift=found)
        else:
            services.check_out(by=request.user, shift=found)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _shift_page(request, found, _output_form(found), status=exc.status)
    messages.success(request, _("You are checked in.") if action == "in" else _("You are checked out. Thank you."))
    return redirect("volunteers:shift", pk=found.pk)


@login_required
@require_POST
def shift_output(request: HttpRequest, pk: int) -> HttpResponse:
    found = _shift(request, pk)
    form = _output_form(found, request.POST)
    if form.is_valid():
        try:
            services.record_output(by=request.user, opportunity=found.opportunity, shift=found, data=form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Output recorded. Thank you."))
            return redirect("volunteers:shift", pk=found.pk)
    return _shift_page(request, found, form, status=400)


@login_required
@require_POST
def hours(request: HttpRequest) -> HttpResponse:
    volunteer = _me(request)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.log_hours(by=request.user, volunteer=volunteer, data=form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Hours logged. Your coordinator will approve them."))
            return redirect("volunteers:me")
    return render(
        request,
        "volunteers/form.html",
        {
            "form": form,
            "page_title": _("Log your hours"),
            "breadcrumbs": _crumbs(),
            "button": _("Log hours"),
            "base_template": "base.html",
        },
        status=400,
    )
