"""Staff pages: the senior officers' public profiles a force publishes through the police.uk-compatible API."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.errors import ServiceError
from core.forms import add_service_error
from organisations import services
from organisations.decorators import staff_required
from organisations.forms import SeniorOfficerForm
from organisations.models import SeniorOfficer
from organisations.scope import Capability

LIST_TITLE = "Senior officers"


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm("organisations.manage_senior_officers"):
        raise PermissionDenied("Only an administrator for the whole of London publishes senior officers' profiles.")


def _crumbs(*last: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        ("Staff workspace", "/staff/"),
        ("Units and people", reverse("organisations:units")),
        (LIST_TITLE, reverse("organisations:senior_officers")),
        *last,
    ]


@staff_required(Capability.ADMINISTER)
def senior_officer_list(request: HttpRequest) -> HttpResponse:
    _check(request)
    return render(
        request,
        "organisations/senior_officer_list.html",
        {
            "officers": SeniorOfficer.objects.order_by("force", "order", "name", "pk"),
            "page_title": LIST_TITLE,
            "breadcrumbs": [*_crumbs()[:-1], (LIST_TITLE, None)],
        },
    )


def _form_page(
    request: HttpRequest, form: SeniorOfficerForm, officer: SeniorOfficer | None, status: int = 200
) -> HttpResponse:
    title = f"Change the profile of {officer}" if officer else "Add a senior officer"
    return render(
        request,
        "organisations/senior_officer_form.html",
        {"form": form, "officer": officer, "page_title": title, "breadcrumbs": _crumbs((title, None))},
        status=status,
    )


def _save_page(request: HttpRequest, officer: SeniorOfficer | None) -> HttpResponse:
    """The add (no officer) or change form; on a valid POST, save through the service and go back to the list."""
    form = SeniorOfficerForm(request.POST or None, instance=officer)
    if request.method != "POST":
        return _form_page(request, form, officer)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if officer is None:
                saved = services.create_senior_officer(by=request.user, data=data)
                done = "added"
            else:
                officer.refresh_from_db()  # the form wrote its values onto the instance; the service diffs them
                saved = services.update_senior_officer(officer, by=request.user, data=data)
                done = "saved"
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{saved} {done}.")
            return redirect("organisations:senior_officers")
    return _form_page(request, form, officer, status=400)


@staff_required(Capability.ADMINISTER)
def senior_officer_create(request: HttpRequest) -> HttpResponse:
    _check(request)
    return _save_page(request, None)


@staff_required(Capability.ADMINISTER)
def senior_officer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    return _save_page(request, get_object_or_404(SeniorOfficer, pk=pk))


@staff_required(Capability.ADMINISTER)
def senior_officer_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then (POST) remove a profile."""
    _check(request)
    officer = get_object_or_404(SeniorOfficer, pk=pk)
    if request.method == "POST":
        services.remove_senior_officer(officer, by=request.user)
        messages.success(request, f"{officer} removed.")
        return redirect("organisations:senior_officers")
    title = f"Remove the profile of {officer}"
    return render(
        request,
        "organisations/senior_officer_remove.html",
        {"officer": officer, "page_title": title, "breadcrumbs": _crumbs((title, None))},
    )
