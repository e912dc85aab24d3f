"""Import a spreadsheet of activities (with a dry-run preview), all rows or none."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from activities import forms
from activities.exports import COLUMNS
from activities.importer import import_activities
from organisations.decorators import staff_required
from organisations.scope import Capability


@staff_required(Capability.PLAN_ACTIVITY)
def import_view(request: HttpRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = import_activities(
                by=request.user,
                name=upload.name,
                content=upload.read(),
                default_unit=form.cleaned_data["organising_unit"],
                dry_run=form.cleaned_data["dry_run"],
            )
            if report.error:
                form.add_error("file", report.error)
                status = 400
            elif report.rejected:
                status = 400
            elif report.imported:
                messages.success(request, f"{report.imported} activities imported.")
        else:
            status = 400
    return render(
        request,
        "activities/import.html",
        {
            "form": form,
            "report": report,
            "columns": COLUMNS,
            "page_title": "Import activities",
            "breadcrumbs": [("Workspace", "/staff/"), ("Engagement register", "/activities/"), ("Import", None)],
        },
        status=status,
    )
