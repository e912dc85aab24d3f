"""Public pages: raise an issue, a ward's priorities and history, and the online ward panel."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import ratelimit
from core.errors import ServiceError
from core.forms import add_service_error
from places.models import Ward
from priorities import queries, services
from priorities.forms import IssueForm, IssueLookupForm, VoteForm
from priorities.models import Issue, PanelMember, PanelRound, PanelVote

SESSION_REFS = "priorities_raised"


def client_ip(request: HttpRequest) -> str:
    # X-Forwarded-For only from TRUSTED_PROXIES: behind a proxy, each reporter is counted apart.
    return ratelimit.client_key(request)


@require_http_methods(["GET", "POST"])
def raise_issue(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    ward_code = request.GET.get("ward", "")
    preset = Ward.objects.select_related("borough").filter(code=ward_code.upper()).first() if ward_code else None
    if preset:
        initial["ward"] = preset
    form = IssueForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.data.get("website"):
            form.add_error(None, _("We could not accept this report. If you are a person, leave the last box empty."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.check_rate_limit(client_ip(request))
                place = services.resolve_place(
                    postcode=data["postcode"],
                    ward=data["ward"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                )
                issue = services.raise_issue(
                    category=data["category"],
                    description=data["description"],
                    frequency=data["frequency"],
                    place=place,
                    address=data["address"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                    language=get_language(),
                )
            except services.RateLimited as exc:
                return render(
                    request,
                    "priorities/rate_limited.html",
                    {"message": exc.message, "page_title": _("Too many reports")},
                    status=429,
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                refs = request.session.get(SESSION_REFS, [])
                request.session[SESSION_REFS] = [*refs[-9:], issue.reference]
                return redirect("priorities:raised", reference=issue.reference)
    context = {
        "form": form,
        "ward": preset,
        "public_fields": [form[name] for name in IssueForm.public_fields],
        "page_title": _("Tell your neighbourhood team about a problem"),
        "breadcrumbs": [
            (_("Home"), "/"),
            *([(preset.name, preset.get_absolute_url())] if preset else []),
            (_("Tell us about a problem"), None),
        ],
    }
    return render(request, "priorities/raise.html", context, status=status)


@require_safe
def raised(request: HttpRequest, reference: str) -> HttpResponse:
    if reference not in request.session.get(SESSION_REFS, []):
        raise Http404("No report with that reference was made from this browser.")
    issue = get_object_or_404(Issue.objects.select_related("ward__borough"), reference=reference)
    return render(
        request,
        "priorities/raised.html",
        {"issue": issue, "status_token": services.status_token(issue), "page_title": _("We have your report"),
         "breadcrumbs": [(_("Home"), "/"), ("Report sent", None)]},
    )  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
def status_lookup(request: HttpRequest) -> HttpResponse:
    """Find a report by its reference and the email address given with it, from any browser."""
    form = IssueLookupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.check_rate_limit(client_ip(request), action="lookup")
            except services.RateLimited as exc:
                return render(
                    request,
                    "priorities/rate_limited.html",
                    {"message": exc.message, "page_title": _("Too many look-ups")},
                    status=429,
                )
            issue = services.find_issue(reference=form.cleaned_data["reference"], email=form.cleaned_data["email"])
            if issue is not None:
                return redirect("priorities:status", token=services.status_token(issue))
            # One message for either mistake, so the form does not tell anyone which emails gave a report.
            form.add_error(None, "We could not find a report with that reference number and email address.")
            status = 404
    return render(
        request,
        "priorities/status_lookup.html",
        {"form": form, "page_title": _("Check a problem you reported"),
         "breadcrumbs": [(_("Home"), "/"), (_("Check a problem you reported"), None)]},
        status=status,
    )  # fmt: skip


@require_safe
def issue_status(request: HttpRequest, token: str) -> HttpResponse:
    """A report's progress, for whoever holds its private link (from the confirmation email or page)."""
    issue = services.issue_from_status_token(token)
    if issue is None:
        raise Http404("This link to a report is not valid. Check it was copied whole, or find the report instead.")
    response = render(
        request,
        "priorities/status.html",
        {"issue": issue, "priority": issue.priority,
         "page_title": _("Your report %(reference)s") % {"reference": issue.reference},
         "breadcrumbs": [(_("Home"), "/"), (_("Report %(reference)s") % {"reference": issue.reference}, None)]},
    )  # fmt: skip
    response["Referrer-Policy"] = "no-referrer"  # the address is the key to the page: keep it out of referrers
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def ward_priorities(request: HttpRequest, code: str) -> HttpResponse:
    ward = get_object_or_404(Ward.objects.select_related("borough"), code=code.upper())
    current = queries.current_priorities(ward).prefetch_related("reviews")
    past = queries.past_priorities(ward).prefetch_related("reviews").select_related("replaced_by")
    context = {
        "ward": ward,
        "current": current,
        "past": past,
        "open_round": queries.open_round(ward),
        "page_title": _("Priorities for %(ward)s") % {"ward": ward.name},
        "breadcrumbs": [
            (_("Home"), "/"),
            (ward.borough.name, ward.borough.get_absolute_url()),
            (ward.name, ward.get_absolute_url()),
            (_("Priorities"), None),
        ],
    }
    return render(request, "priorities/ward.html", context)


@require_safe
def panel(request: HttpRequest, code: str) -> HttpResponse:
    ward = get_object_or_404(Ward.objects.select_related("borough"), code=code.upper())
    return _render_panel(request, ward)


def _render_panel(request: HttpRequest, ward: Ward, form: Any = None, status: int = 200) -> HttpResponse:
    current_round = queries.open_round(ward)
    member = request.user.is_authenticated and PanelMember.objects.filter(ward=ward, user=request.user).exists()
    my_vote = None
    if current_round and request.user.is_authenticated:
        my_vote = PanelVote.objects.filter(round=current_round, user=request.user).select_related("choice").first()
    if current_round and form is None:
        form = VoteForm(options=current_round.options.all())
    closed = PanelRound.objects.filter(ward=ward, closes_at__lte=services.timezone.now())[:3]
    context = {
        "ward": ward,
        "round": current_round,
        "member": member,
        "my_vote": my_vote,
        "form": form,
        "closed_rounds": [(r, queries.round_results(r)) for r in closed],
        "member_count": PanelMember.objects.filter(ward=ward).count(),
        "page_title": _("%(ward)s online ward panel") % {"ward": ward.name},
        "breadcrumbs": [(_("Home"), "/"), (ward.name, ward.get_absolute_url()), (_("Online panel"), None)],
    }
    return render(request, "priorities/panel.html", context, status=status)


@require_POST
def panel_join(request: HttpRequest, code: str) -> HttpResponse:
    ward = get_object_or_404(Ward, code=code.upper())
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("priorities:panel", args=[ward.code]))
    services.join_panel(ward=ward, user=request.user)
    messages.success(request, _("You have joined the %(ward)s online panel.") % {"ward": ward.name})
    return redirect("priorities:panel", code=ward.code)


@require_POST
def panel_vote(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    ward = get_object_or_404(Ward.objects.select_related("borough"), code=code.upper())
    panel_round = get_object_or_404(PanelRound, pk=round_id, ward=ward)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("priorities:panel", args=[ward.code]))
    form = VoteForm(request.POST, options=panel_round.options.all())
    if not services.is_open(panel_round):
        messages.error(request, _("This vote is not open. Your vote was not recorded."))
        return _render_panel(request, ward, status=400)
    if form.is_valid():
        try:
            services.cast_vote(
                panel_round=panel_round,
                user=request.user,
                choice_id=form.cleaned_data["choice"],
                comment=form.cleaned_data["comment"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
            return _render_panel(request, ward, status=exc.status)
        messages.success(request, _("Thank you. Your vote has been recorded."))
        return redirect("priorities:panel", code=ward.code)
    return _render_panel(request, ward, form=form, status=400)
