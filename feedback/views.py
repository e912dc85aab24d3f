"""Pages for "we asked, you said, we did"."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from core.errors import ServiceError
from feedback import services
from feedback.forms import EntryForm
from feedback.models import FeedbackRecord
from feedback.services import can_edit
from organisations.decorators import staff_required
from organisations.scope import Capability


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(FeedbackRecord.objects.prefetch_related("wards__borough", "boroughs"), pk=pk)
    entries = record.entries.all()
    context = {
        "record": record,
        "entries": entries,
        "can_edit": request.user.is_authenticated and can_edit(request.user, record),
        "page_title": f"We asked, you said, we did: {record.title}",
        "breadcrumbs": [("Home", "/"), ("We asked, you said, we did", None)],
    }
    return render(request, "feedback/detail.html", context)


@staff_required(Capability.PUBLISH_FEEDBACK)
def add_entry(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(FeedbackRecord, pk=pk)
    if not can_edit(request.user, record):
        raise Http404("No feedback record here in your area.")
    form = EntryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_entry(
                    record=record,
                    by=request.user,
                    kind=data["kind"],
                    text=data["text"],
                    count=data["count"],
                    happened_on=data["happened_on"],
                )
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Update added.")
                return redirect(record)
        status = 400
    context = {
        "record": record,
        "form": form,
        "page_title": f"Add an update: {record.title}",
        "breadcrumbs": [
            ("Workspace", "/workspace/"),
            (record.title, record.get_absolute_url()),
            ("Add an update", None),
        ],
    }
    return render(request, "feedback/add_entry.html", context, status=status)
