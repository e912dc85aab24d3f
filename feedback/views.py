"""Pages for "we asked, you said, we did"."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import exports
from core.errors import ServiceError
from core.forms import add_service_error
from feedback import permissions, queries, services
from feedback.forms import EntryForm
from feedback.models import FeedbackRecord, target_days
from languages import content
from organisations.decorators import staff_required
from organisations.scope import Capability


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(FeedbackRecord.objects.prefetch_related("wards__borough", "boroughs"), pk=pk)
    entries = list(record.entries.all())
    context = {
        "record": record,
        "entries": entries,
        # Once for the list: some update is shown in English on a page in another language.
        "updates_in_english": any(content.pick(entry, "text").fallback for entry in entries),
        "can_edit": request.user.is_authenticated and permissions.can_edit(request.user, record),
        "page_title": _("We asked, you said, we did: %(title)s") % {"title": content.text(record, "title")},
        "breadcrumbs": [(_("Home"), "/"), (_("We asked, you said, we did"), None)],
    }
    return render(request, "feedback/detail.html", context)


@staff_required(Capability.PUBLISH_FEEDBACK)
def add_entry(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(FeedbackRecord, pk=pk)
    if not permissions.can_edit(request.user, record):
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
                add_service_error(form, exc)
            else:
                messages.success(request, "Update added.")
                return redirect(record)
        status = 400
    context = {
        "record": record,
        "form": form,
        "page_title": f"Add an update: {record.title}",
        "breadcrumbs": [
            ("Workspace", "/staff/"),
            (record.title, record.get_absolute_url()),
            ("Add an update", None),
        ],
    }
    return render(request, "feedback/add_entry.html", context, status=status)


@staff_required(Capability.PUBLISH_FEEDBACK)
def staff_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "owed")
    records = queries.with_state(permissions.editable_records(request.user), state)
    page = Paginator(records.order_by(F("due_at").asc(nulls_last=True), "-updated_at"), 25).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "state": state,
        "states": [("owed", "Still owed"), ("overdue", "Overdue"), ("published", "Published"), ("all", "All")],
        "query": f"state={state}",
        "now": timezone.now(),
        "page_title": "We asked, you said, we did",
        "breadcrumbs": [("Workspace", "/staff/"), ("Feedback", None)],
    }
    return render(request, "feedback/staff_list.html", context)


@staff_required(Capability.COORDINATE)
def report(request: HttpRequest) -> HttpResponse:
    rows = queries.coordinator_report()
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="feedback-by-borough.csv"'
        writer = exports.csv_writer(response)
        writer.writerow(["borough", "records", "published", "still owed", "overdue"])
        for r in rows:
            writer.writerow([r["borough"].name, r["total"], r["published"], r["owed"], r["overdue"]])
        return response
    overdue = queries.with_state(FeedbackRecord.objects.all(), "overdue").order_by("due_at")[:100]
    context = {
        "rows": rows,
        "overdue": overdue,
        "target_days": target_days(),
        "page_title": "Feedback owed: coordinator report",
        "breadcrumbs": [("Workspace", "/staff/"), ("Feedback report", None)],
    }
    return render(request, "feedback/report.html", context)
