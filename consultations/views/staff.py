"""Staff pages: create a consultation, build its questionnaire, preview, publish and version it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ServiceError
from core.forms import add_service_error
from equality.forms import EqualityMonitoringForm
from feedback.queries import record_for
from organisations.decorators import staff_required
from organisations.scope import Capability, units_for

from .. import permissions, queries, services
from ..forms import AnswerForm, ConsultationForm, EqualityBlockForm, QuestionForm, SectionForm
from ..models import Consultation, Question

RUN = Capability.RUN_CONSULTATIONS


def staff_crumbs(consultation: Consultation | None = None, *extra: tuple[str, str | None]) -> list:
    crumbs: list[tuple[str, str | None]] = [
        ("Workspace", reverse("workspace:home")),
        ("Consultations", reverse("consultations:staff_list")),
    ]
    if consultation is not None:
        crumbs.append((consultation.title, reverse("consultations:manage", args=[consultation.pk])))
    return crumbs + list(extra)


def runnable(request: HttpRequest, pk: int) -> Consultation:
    """The consultation, if the user may run it (404 otherwise, so its existence is not revealed)."""
    consultation = get_object_or_404(Consultation, pk=pk)
    if not permissions.can_run(request.user, consultation):
        raise Http404("No such consultation in your area.")
    return consultation


def readable(request: HttpRequest, pk: int) -> Consultation:
    consultation = get_object_or_404(Consultation, pk=pk)
    if not permissions.can_read_results(request.user, consultation):
        raise Http404("No such consultation in your area.")
    return consultation


@staff_required(Capability.WORKSPACE)
def staff_list(request: HttpRequest) -> HttpResponse:
    qs = queries.staff_consultations(request.user).order_by("-opens_at")
    state = request.GET.get("state", "")
    if state == "draft":
        qs = qs.filter(is_published=False)
    elif state == "published":
        qs = qs.filter(is_published=True)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/staff_list.html",
        {
            "page": page,
            "state": state,
            "can_create": permissions.can_create(request.user),
            "page_title": "Consultations",
            "breadcrumbs": staff_crumbs(),
        },
    )


@staff_required(RUN)
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None, units=units_for(request.user, RUN))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not permissions.can_place(request.user, form.cleaned_data):
                form.add_error("boroughs", "You can only run consultations in your own area.")
            else:
                try:
                    consultation = services.create_consultation(by=request.user, data=form.cleaned_data)
                except ServiceError as exc:
                    add_service_error(form, exc)
                else:
                    messages.success(request, "Consultation created. Now add its questions.")
                    return redirect("consultations:builder", pk=consultation.pk)
        status = 400
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "page_title": "New consultation", "breadcrumbs": staff_crumbs(None, ("New", None))},
        status=status,
    )


@staff_required(RUN)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = runnable(request, pk)
    form = ConsultationForm(request.POST or None, instance=consultation, units=units_for(request.user, RUN))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not permissions.can_place(request.user, form.cleaned_data):
                form.add_error("boroughs", "You can only run consultations in your own area.")
            else:
                data = dict(form.cleaned_data)
                # The model form already applied the fields to the instance; the service saves and audits.
                consultation.refresh_from_db()
                try:
                    services.update_consultation(consultation=consultation, by=request.user, data=data)
                except ServiceError as exc:
                    add_service_error(form, exc)
                else:
                    messages.success(request, "Consultation details saved.")
                    return redirect("consultations:manage", pk=consultation.pk)
        status = 400
    return render(
        request,
        "consultations/consultation_form.html",
        {
            "form": form,
            "consultation": consultation,
            "page_title": f"Edit: {consultation.title}",
            "breadcrumbs": staff_crumbs(consultation, ("Edit", None)),
        },
        status=status,
    )


@staff_required(Capability.WORKSPACE)
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = readable(request, pk)
    questionnaire = consultation.current_questionnaire()
    return render(
        request,
        "consultations/manage.html",
        {
            "consultation": consultation,
            "questionnaire": questionnaire,
            "can_run": permissions.can_run(request.user, consultation),
            "responses": consultation.responses.count(),
            "rates": queries.rates_by_body(consultation),
            "outcome": record_for(consultation),
            "page_title": consultation.title,
            "breadcrumbs": staff_crumbs(consultation),
        },
    )


@staff_required(RUN)
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop taking answers now; the outcome ("we did") is owed from today."""
    consultation = runnable(request, pk)
    try:
        services.close_consultation(consultation=consultation, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The consultation is closed. Now publish what you did about the answers.")
    return redirect("consultations:manage", pk=pk)


@staff_required(RUN)
@require_http_methods(["GET", "POST"])
def builder(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = runnable(request, pk)
    questionnaire = consultation.current_questionnaire()
    assert questionnaire is not None  # noqa: S101 - every consultation is created with one
    section_form = SectionForm(prefix="section")
    question_form = QuestionForm(prefix="question", questionnaire=questionnaire)
    equality_form = EqualityBlockForm(prefix="equality", initial={"include": questionnaire.include_equality})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add_section":
                section_form = SectionForm(request.POST, prefix="section")
                if section_form.is_valid():
                    services.add_section(consultation=consultation, by=request.user, **section_form.cleaned_data)
                    messages.success(request, "Section added.")
                    return redirect("consultations:builder", pk=pk)
            elif action == "add_question":
                question_form = QuestionForm(request.POST, prefix="question", questionnaire=questionnaire)
                if question_form.is_valid():
                    services.add_question(
                        consultation=consultation,
                        by=request.user,
                        section=question_form.cleaned_data["section"],
                        data=question_form.service_data(),
                    )
                    messages.success(request, "Question added.")
                    return redirect("consultations:builder", pk=pk)
            elif action == "equality":
                equality_form = EqualityBlockForm(request.POST, prefix="equality")
                if equality_form.is_valid():
                    services.set_equality_block(
                        consultation=consultation, by=request.user, include=equality_form.cleaned_data["include"]
                    )
                    messages.success(request, "Equality-monitoring questions updated.")
                    return redirect("consultations:builder", pk=pk)
            elif action == "remove":
                question = get_object_or_404(
                    Question, pk=request.POST.get("question"), section__questionnaire__consultation=consultation
                )
                services.remove_question(consultation=consultation, by=request.user, question=question)
                messages.success(request, "Question removed.")
                return redirect("consultations:builder", pk=pk)
            elif action == "publish":
                services.publish_consultation(consultation=consultation, by=request.user)
                messages.success(request, "Consultation published.")
                return redirect("consultations:manage", pk=pk)
        except ServiceError as exc:
            target = question_form if action == "add_question" else section_form
            if action in ("remove", "publish", "equality"):
                messages.error(request, exc.message)
                return redirect("consultations:builder", pk=pk)
            add_service_error(target, exc)
        status = 400
    questionnaire = consultation.current_questionnaire()
    sections = questionnaire.sections.prefetch_related("questions__show_if") if questionnaire else []
    return render(
        request,
        "consultations/builder.html",
        {
            "consultation": consultation,
            "questionnaire": questionnaire,
            "locked": questionnaire.is_locked() if questionnaire else False,
            "sections": sections,
            "section_form": section_form,
            "question_form": question_form,
            "equality_form": equality_form,
            "versions": consultation.questionnaires.count(),
            "page_title": f"Questions: {consultation.title}",
            "breadcrumbs": staff_crumbs(consultation, ("Questions", None)),
        },
        status=status,
    )


@staff_required(RUN)
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    consultation = runnable(request, pk)
    question = get_object_or_404(Question, pk=question_id, section__questionnaire__consultation=consultation)
    questionnaire = question.section.questionnaire
    initial = {
        "section": question.section,
        "kind": question.kind,
        "text": question.text,
        "hint": question.hint,
        "required": question.required,
        "options": "\n".join(question.options),
        "min_value": question.min_value,
        "max_value": question.max_value,
        "show_if": question.show_if,
        "show_if_values": "\n".join(question.show_if_values),
    }
    form = QuestionForm(request.POST or None, initial=initial, questionnaire=questionnaire)
    form.fields["section"].disabled = True
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_question(
                    consultation=consultation, by=request.user, question=question, data=form.service_data()
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Question saved.")
                return redirect("consultations:builder", pk=pk)
        status = 400
    return render(
        request,
        "consultations/question_form.html",
        {
            "form": form,
            "consultation": consultation,
            "question": question,
            "locked": questionnaire.is_locked(),
            "page_title": "Edit question",
            "breadcrumbs": staff_crumbs(consultation, ("Questions", reverse("consultations:builder", args=[pk]))),
        },
        status=status,
    )


@staff_required(RUN)
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = runnable(request, pk)
    questionnaire = consultation.current_questionnaire()
    assert questionnaire is not None  # noqa: S101
    form = AnswerForm(questionnaire=questionnaire, consultation=consultation, idempotency_key="preview", token="")
    equality_form = None
    if questionnaire.include_equality:
        equality_form = EqualityMonitoringForm(prefix="eq")
    return render(
        request,
        "consultations/answer.html",
        {
            "consultation": consultation,
            "form": form,
            "equality_form": equality_form,
            "preview": True,
            "page_title": f"Preview: {consultation.title}",
            "breadcrumbs": staff_crumbs(consultation, ("Preview", None)),
        },
    )
