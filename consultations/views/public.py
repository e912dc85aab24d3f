"""Public pages: the list of consultations, a consultation's page, and answering it."""

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import ServiceError
from equality.forms import EqualityMonitoringForm
from feedback.queries import record_for
from languages import content

from .. import queries, services
from ..forms import AnswerForm
from ..models import Consultation


def _public(slug: str) -> Consultation:
    return get_object_or_404(queries.public_consultations().prefetch_related("boroughs", "wards"), slug=slug)


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    open_now = queries.open_consultations().order_by("closes_at")
    closed = queries.public_consultations().exclude(pk__in=open_now.values("pk")).order_by("-closes_at")
    page = Paginator(closed, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "open_now": open_now,
            "closed": page,
            "now": now,
            "page_title": _("Consultations and surveys"),
            "breadcrumbs": [(_("Home"), reverse("website:home")), (_("Consultations"), None)],
        },
    )


@require_safe
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _public(slug)
    questionnaire = consultation.current_questionnaire()
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "outcome": record_for(consultation),
            "questionnaire": questionnaire,
            "sections": questionnaire.sections.prefetch_related("questions") if questionnaire else [],
            "page_title": content.text(consultation, "title"),
            "breadcrumbs": [
                (_("Home"), reverse("website:home")),
                (_("Consultations"), reverse("consultations:list")),
                (content.marked(consultation, "title"), None),
            ],
        },
    )


def _equality_form(questionnaire: Any, data: Any = None) -> Any:
    if questionnaire is None or not questionnaire.include_equality:
        return None
    return EqualityMonitoringForm(data, prefix="eq")


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    """Answer a consultation. Conditions are applied on submit, so the page works without JavaScript."""
    consultation = _public(slug)
    questionnaire = consultation.current_questionnaire()
    if questionnaire is None:
        raise Http404("This consultation has no questions.")
    token = request.POST.get("invitation") or request.GET.get("invitation") or ""
    status = 200
    problem = ""
    blocked = False
    if request.method == "POST":
        form = AnswerForm(
            request.POST,
            request.FILES,
            questionnaire=questionnaire,
            consultation=consultation,
            idempotency_key=request.POST.get("idempotency_key", ""),
            token=token,
        )
        equality_form = _equality_form(questionnaire, request.POST)
        equality_answers = equality_form.answers() if equality_form is not None and equality_form.is_valid() else {}
        try:
            response = services.submit_response(
                consultation=consultation,
                raw=form.raw_answers(),
                idempotency_key=request.POST.get("idempotency_key", ""),
                token=token,
                name=request.POST.get("name", ""),
                email=request.POST.get("email", ""),
                user=request.user,
                equality_answers=equality_answers,
                language=get_language(),
            )
        except services.AnswersInvalid as exc:
            form.set_errors(exc.errors)
            status = 400
        except ServiceError as exc:
            problem, status = exc.message, exc.status
            blocked = exc.code != "no_key"
        else:
            request.session[f"consultation-answered-{consultation.pk}"] = response.pk
            return redirect("consultations:thanks", slug=consultation.slug)
    else:
        if token:
            try:
                services.invitation_for_token(consultation, token)
            except ServiceError as exc:
                problem, status, blocked = exc.message, exc.status, True
        if not consultation.is_open() and not problem:
            blocked = True
            problem = (
                _("This consultation is not taking answers.")
                if consultation.is_historical
                else _("This consultation is not open yet.")
                if consultation.state() == "Not yet open"
                else _("This consultation has closed.")
            )
            status = 410 if consultation.state() == "Closed" else 200
        form = AnswerForm(
            questionnaire=questionnaire,
            consultation=consultation,
            idempotency_key=services.new_idempotency_key(),
            token=token,
        )
        equality_form = _equality_form(questionnaire)
    return render(
        request,
        "consultations/answer.html",
        {
            "consultation": consultation,
            "form": form,
            "equality_form": equality_form,
            "problem": problem,
            "blocked": blocked,
            # The page frame adds "Error:" itself when the form has errors.
            "page_title": (_("Error:") + " " if status >= 400 and not form.errors else "")
            + _("Answer: %(title)s") % {"title": content.text(consultation, "title")},
            "breadcrumbs": [
                (_("Consultations"), reverse("consultations:list")),
                (content.marked(consultation, "title"), consultation.get_absolute_url()),
                (_("Answer"), None),
            ],
        },
        status=status,
    )


@require_safe
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _public(slug)
    return render(
        request,
        "consultations/thanks.html",
        {
            "consultation": consultation,
            "answered": request.session.get(f"consultation-answered-{consultation.pk}"),
            "page_title": _("Thank you"),
        },
    )
