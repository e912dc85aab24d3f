"""The good-practice library (staff) and the quarterly Top 10 (chosen by staff, published to the public)."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import Activity, CommunityOfInterest
from core.errors import ServiceError
from core.forms import add_service_error
from organisations.decorators import staff_required
from practice import library, permissions, ranking, translations
from practice.forms import CaseForm, CaseReviewForm, DraftForm, EntryNoteForm, PublishForm
from practice.models import CaseStudy, TopTen, TopTenEntry, financial_quarter
from practice.services import library as services

CRUMBS = [("Workspace", "/staff/"), ("Good-practice library", "/practice/library/")]
TOP_CRUMBS = [("Workspace", "/staff/"), ("Choose the Top 10", "/practice/top-10/manage/")]


def _reader(request: HttpRequest) -> None:
    if not permissions.reads_library(request.user):
        raise PermissionDenied("Your role does not include the good-practice library.")


def _publisher(request: HttpRequest) -> None:
    if not permissions.publishes_top_ten(request.user):
        raise PermissionDenied("Only the central engagement champion and administrators choose the Top 10.")


@staff_required()
def index(request: HttpRequest) -> HttpResponse:
    _reader(request)
    curator = bool(permissions.curates_cases(request.user))
    f = library.Filters.from_get(request.GET, curator)
    cases = library.search(library.visible_cases(request.user), f)
    page = Paginator(cases.order_by("-held_on", "-pk"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "practice/library.html",
        {
            "page": page,
            "f": f,
            "filter_query": f.query(),
            "methods": Activity.Method.choices,
            "topics": CaseStudy.Topic.choices,
            "statuses": CaseStudy.Status.choices,
            "communities": CommunityOfInterest.objects.filter(is_active=True),
            "curator": curator,
            "can_submit": permissions.reads_plans(request.user),
            "page_title": "Good-practice library",
            "breadcrumbs": [("Workspace", "/staff/"), ("Good-practice library", None)],
        },
    )


def _case(request: HttpRequest, pk: int) -> CaseStudy:
    case = get_object_or_404(CaseStudy, pk=pk)
    if not permissions.can_read_case(request.user, case):
        raise Http404("No such case study.")
    return case


@staff_required()
def case(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    the_case = _case(request, pk)
    curator = permissions.curates_cases(request.user)
    return render(
        request,
        "practice/case.html",
        {
            "case": the_case,
            "activities": the_case.activities.order_by("starts_at"),
            "communities": the_case.communities.all(),
            "review_form": CaseReviewForm() if curator else None,
            "can_translate": translations.translatable_cases(request.user).filter(pk=the_case.pk).exists(),
            "links_register": request.user.has_perm("activities.view_activity"),
            "page_title": the_case.title,
            "breadcrumbs": [*CRUMBS, (the_case.title, None)],
        },
    )


@staff_required()
def submit(request: HttpRequest) -> HttpResponse:
    _reader(request)
    activities = library.submittable_activities(request.user)
    initial = {"activity": request.GET.get("activity")} if request.GET.get("activity", "").isdigit() else None
    form = CaseForm(request.POST or None, activities=activities, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            activity = data.pop("activity")
            data["communities"] = list(data["communities"])
            try:
                the_case = services.submit_case(by=request.user, activities=[activity], data=data)
            except ServiceError as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, "Your case study has been sent to the reviewers.")
                return redirect(the_case)
    return render(
        request,
        "practice/case_form.html",
        {
            "form": form,
            "has_activities": activities.exists(),
            "page_title": "Submit a case study",
            "breadcrumbs": [*CRUMBS, ("Submit a case study", None)],
        },
        status=status,
    )


@require_POST
@staff_required()
def review(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    the_case = _case(request, pk)
    if not permissions.curates_cases(request.user):
        raise PermissionDenied("Only engagement champions and administrators curate the library.")
    form = CaseReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_case(
                by=request.user,
                case=the_case,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "The review is recorded.")
            return redirect(the_case)
    return render(
        request,
        "practice/case.html",
        {
            "case": the_case,
            "activities": the_case.activities.order_by("starts_at"),
            "communities": the_case.communities.all(),
            "review_form": form,
            "page_title": the_case.title,
            "breadcrumbs": [*CRUMBS, (the_case.title, None)],
        },
        status=400,
    )


def _quarters() -> list[tuple[str, str]]:
    days = CaseStudy.objects.filter(status=CaseStudy.Status.ACCEPTED).values_list("held_on", flat=True)
    found: dict[str, str] = {}
    for day in [timezone.localdate(), *days]:
        label, _slug, start, _end = financial_quarter(day)
        found[start.isoformat()] = label
    return sorted(found.items(), reverse=True)


@staff_required()
def manage(request: HttpRequest) -> HttpResponse:
    _publisher(request)
    form = DraftForm(request.POST or None, quarters=_quarters())
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        day = date.fromisoformat(form.cleaned_data["quarter"])
        try:
            top_ten = services.draft_top_ten(by=request.user, day=day)
        except ServiceError as exc:
            add_service_error(form, exc)
            status = exc.status
        else:
            messages.success(request, f"The {top_ten.label} cases have been ranked.")
            return redirect("practice:top_ten_draft", slug=top_ten.slug)
    return render(
        request,
        "practice/top_ten_manage.html",
        {
            "form": form,
            "top_tens": TopTen.objects.all(),
            "page_title": "Choose the Top 10",
            "breadcrumbs": [("Workspace", "/staff/"), ("Choose the Top 10", None)],
        },
        status=status,
    )


def _draft_page(request: HttpRequest, top_ten: TopTen, publish_form: Any = None, status: int = 200) -> HttpResponse:
    ranked, apart = ranking.rank(services.quarter_cases(top_ten.starts_on, top_ten.ends_on))
    return render(
        request,
        "practice/top_ten_draft.html",
        {
            "top_ten": top_ten,
            "entries": [
                (e, EntryNoteForm(initial={"note": e.note}, prefix=f"e{e.pk}"))
                for e in top_ten.entries.select_related("case")
            ],
            "ranked": ranked[ranking.TOP :],
            "apart": apart,
            "publish_form": publish_form or PublishForm(initial={"introduction": top_ten.introduction}),
            "page_title": f"Top 10, {top_ten.label}",
            "breadcrumbs": [*TOP_CRUMBS, (top_ten.label, None)],
        },
        status=status,
    )


@staff_required()
def draft(request: HttpRequest, slug: str) -> HttpResponse:
    _publisher(request)
    return _draft_page(request, get_object_or_404(TopTen, slug=slug))


@require_POST
@staff_required()
def note(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _publisher(request)
    entry = get_object_or_404(TopTenEntry.objects.select_related("top_ten", "case"), pk=pk, top_ten__slug=slug)
    form = EntryNoteForm(request.POST, prefix=f"e{entry.pk}")
    if not form.is_valid():
        messages.error(request, "Write the reviewers' note (at most 20,000 characters).")
        return _draft_page(request, entry.top_ten, status=400)
    try:
        services.note_entry(by=request.user, entry=entry, note=form.cleaned_data["note"])
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _draft_page(request, entry.top_ten, status=exc.status)
    messages.success(request, f"Note saved for “{entry.case.title}”.")
    return redirect("practice:top_ten_draft", slug=slug)


@require_POST
@staff_required()
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    _publisher(request)
    top_ten = get_object_or_404(TopTen, slug=slug)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish_top_ten(by=request.user, top_ten=top_ten, introduction=form.cleaned_data["introduction"])
        except ServiceError as exc:
            add_service_error(form, exc)
            return _draft_page(request, top_ten, form, status=exc.status)
        messages.success(request, f"The Top 10 for {top_ten.label} is published.")
        return redirect(top_ten)
    return _draft_page(request, top_ten, form, status=400)


# ---------------------------------------------------------------- public pages


def top_ten(request: HttpRequest) -> HttpResponse:
    published = list(library.published())
    latest = published[0] if published else None
    return _public(request, latest, published)


def top_ten_quarter(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = get_object_or_404(TopTen, slug=slug, status=TopTen.Status.PUBLISHED)
    return _public(request, chosen, list(library.published()))


def _public(request: HttpRequest, chosen: TopTen | None, published: list[TopTen]) -> HttpResponse:
    return render(
        request,
        "practice/top_ten.html",
        {
            "top_ten": chosen,
            "entries": chosen.entries.select_related("case") if chosen else [],
            "history": published,
            "page_title": _("Good practice Top 10, %(quarter)s") % {"quarter": chosen.label}
            if chosen
            else _("Good practice Top 10"),
            "breadcrumbs": [(_("Home"), "/"), (_("Good practice Top 10"), reverse("practice:top_ten"))],
        },
    )
