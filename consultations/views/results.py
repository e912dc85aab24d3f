"""Staff pages: invitations and reminders, response rates and quotas, analysis, themes and raw export."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import audit
from core.errors import ServiceError
from equality import permissions as equality_permissions
from equality import queries as equality_queries
from equality.disclosure import minimum_population
from organisations.decorators import staff_required
from organisations.scope import Capability

from .. import audiences, charts, exporting, permissions, queries, services, tasks
from ..forms import InviteAudienceForm, InviteListForm, QuotaForm, ThemeNameForm
from ..models import Answer, Question, Theme
from .staff import readable, runnable, staff_crumbs

RUN = Capability.RUN_CONSULTATIONS


@staff_required(RUN)
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite bodies and people, remind those who have not answered, and set quotas."""
    consultation = runnable(request, pk)
    questionnaire = consultation.current_questionnaire()
    assert questionnaire is not None  # noqa: S101 - every consultation is created with one
    list_form = InviteListForm(prefix="list")
    audience_form = InviteAudienceForm(prefix="audience", consultation=consultation)
    quota_form = QuotaForm(prefix="quota", questionnaire=questionnaire)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "list":
                list_form = InviteListForm(request.POST, request.FILES, prefix="list")
                if list_form.is_valid():
                    try:
                        pairs = services.parse_email_list(list_form.text())
                    except ServiceError as exc:
                        list_form.add_error("file", exc.message)
                    except Exception as exc:  # noqa: BLE001 - a decoding problem reported on the form
                        list_form.add_error("file", str(getattr(exc, "message", exc)))
                    else:
                        n = services.invite(
                            consultation=consultation,
                            by=request.user,
                            body_kind=list_form.cleaned_data["body_kind"],
                            recipients=(
                                {"email": e, "name": name, "body_name": list_form.cleaned_data["body_name"]}
                                for e, name in pairs
                            ),
                            language=list_form.cleaned_data["language"],
                        )
                        messages.success(request, f"{n} invitation{'s' if n != 1 else ''} sent.")
                        return redirect("consultations:invitations", pk=pk)
            elif action == "audience":
                audience_form = InviteAudienceForm(request.POST, prefix="audience", consultation=consultation)
                if audience_form.is_valid():
                    key = audience_form.cleaned_data["audience"]
                    group = audience_form.cleaned_data.get("group")
                    n = services.invite(
                        consultation=consultation,
                        by=request.user,
                        body_kind=audiences.AUDIENCES[key][1],
                        recipients=audiences.recipients(consultation, key, group=group),
                        language=audience_form.cleaned_data["language"],
                    )
                    messages.success(request, f"{n} invitation{'s' if n != 1 else ''} sent.")
                    return redirect("consultations:invitations", pk=pk)
            elif action == "remind":
                n = services.send_reminders(consultation=consultation, by=request.user)
                messages.success(request, f"{n} reminder{'s' if n != 1 else ''} sent to people who have not answered.")
                return redirect("consultations:invitations", pk=pk)
            elif action == "quota":
                quota_form = QuotaForm(request.POST, prefix="quota", questionnaire=questionnaire)
                if quota_form.is_valid():
                    services.add_quota(
                        consultation=consultation,
                        by=request.user,
                        name=quota_form.cleaned_data["name"],
                        target=quota_form.cleaned_data["target"],
                        boroughs=quota_form.cleaned_data["boroughs"],
                        conditions=quota_form.conditions(),
                    )
                    messages.success(request, "Quota added.")
                    return redirect("consultations:invitations", pk=pk)
        except ServiceError as exc:
            target = {"list": list_form, "audience": audience_form, "quota": quota_form}.get(action or "")
            if target is None:
                messages.error(request, exc.message)
                return redirect("consultations:invitations", pk=pk)
            target.add_error(None, exc.message)
        status = 400
    return render(
        request,
        "consultations/invitations.html",
        {
            "consultation": consultation,
            "list_form": list_form,
            "audience_form": audience_form,
            "quota_form": quota_form,
            "rates": queries.rates_by_body(consultation),
            "pending": consultation.invitations.filter(answered_at__isnull=True).exclude(email="").count(),
            "page_title": f"Invitations: {consultation.title}",
            "breadcrumbs": staff_crumbs(consultation, ("Invitations", None)),
        },
        status=status,
    )


@staff_required(Capability.WORKSPACE)
def rates(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = readable(request, pk)
    context = {
        "consultation": consultation,
        "by_body": queries.rates_by_body(consultation),
        "by_borough": queries.rates_by_borough(consultation),
        "open_link": queries.open_link_responses(consultation),
        "responses": consultation.responses.count(),
        "responses_by_borough": queries.responses_by_borough(consultation),
        "quotas": queries.quota_progress(consultation),
        "page_title": f"Response rates: {consultation.title}",
        "breadcrumbs": staff_crumbs(consultation, ("Response rates", None)),
    }
    name = "consultations/rates.html"
    if getattr(request, "htmx", False):
        name += "#figures"
    return render(request, name, context)


def _equality(request: HttpRequest, consultation: Any) -> dict[str, Any]:
    """Respondents' equality profile beside the census profile of the consultation's area (if permitted)."""
    if not equality_permissions.can_read_context(request.user, f"consultation:{consultation.pk}"):
        return {}
    contexts = [f"consultation:{consultation.pk}"]
    return {
        "comparison": equality_queries.compare_with_census(
            contexts=contexts,
            wards=list(consultation.wards.all()),
            boroughs=list(consultation.boroughs.all()),
            london=consultation.london_wide,
            user=request.user,
        )
    }


@staff_required(Capability.WORKSPACE)
def analysis(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = readable(request, pk)
    versions = list(consultation.questionnaires.order_by("-version"))
    chosen = request.GET.get("version")
    questionnaire = next((v for v in versions if str(v.version) == chosen), versions[0] if versions else None)
    results = queries.question_results(questionnaire) if questionnaire else []
    for r in results:
        r.chart = charts.bar_chart(r.question.text, [(b.label, b.count) for b in r.bars]) if r.bars else None  # type: ignore[attr-defined]
    choice_questions = [r.question for r in results if r.question.kind in Question.CONDITION_KINDS]
    crosstab = None
    can_equality = equality_permissions.can_read_context(request.user, f"consultation:{consultation.pk}")
    q_param, by_param = request.GET.get("question"), request.GET.get("by", "borough")
    if q_param:
        question = next((q for q in choice_questions if str(q.pk) == q_param), None)
        if question is not None:
            if by_param == "borough":
                crosstab = queries.crosstab_by_borough(question)
            elif by_param.startswith("eq:") and can_equality and question.kind != Question.Kind.MULTIPLE:
                if by_param in dict(queries.equality_dimensions()):
                    crosstab = queries.crosstab_by_equality(question, by_param[3:], request.user)
            else:
                by_q = next((q for q in choice_questions if f"q{q.pk}" == by_param and q.pk != question.pk), None)
                if by_q is not None:
                    crosstab = queries.crosstab_by_question(question, by_q)
    context = {
        "consultation": consultation,
        "questionnaire": questionnaire,
        "versions": versions,
        "results": results,
        "responses": questionnaire.response_count if questionnaire else 0,
        "choice_questions": choice_questions,
        "equality_dimensions": queries.equality_dimensions() if can_equality else [],
        "crosstab": crosstab,
        "q_param": q_param or "",
        "by_param": by_param,
        "threshold": queries.suppression_threshold(),
        "minimum_population": minimum_population(),
        "can_run": permissions.can_run(request.user, consultation),
        "page_title": f"Analysis: {consultation.title}",
        "breadcrumbs": staff_crumbs(consultation, ("Analysis", None)),
        **_equality(request, consultation),
    }
    return render(request, "consultations/analysis.html", context)


@staff_required(RUN)
@require_http_methods(["GET", "POST"])
def themes(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    """Find themes in a text question's answers; rename, merge and move answers between them."""
    consultation = runnable(request, pk)
    question = get_object_or_404(
        Question, pk=question_id, section__questionnaire__consultation=consultation, kind__in=list(Question.TEXT_KINDS)
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "find":
                requested, is_new = services.request_themes(question=question, by=request.user)
                if is_new:
                    tasks.find_themes.enqueue(requested.pk)
                    messages.success(request, "Finding themes. This page shows how far it has got.")
                else:
                    messages.success(request, "Themes are already being found for this question.")
            elif action == "rename":
                theme = get_object_or_404(Theme, pk=request.POST.get("theme"), question=question)
                services.rename_theme(theme=theme, by=request.user, name=request.POST.get("name", ""))
                messages.success(request, "Theme renamed.")
            elif action == "merge":
                into = get_object_or_404(Theme, pk=request.POST.get("into"), question=question)
                others = list(Theme.objects.filter(pk__in=request.POST.getlist("merge"), question=question))
                if not others:
                    raise ServiceError("Choose the themes to merge.")
                services.merge_themes(into=into, others=others, by=request.user)
                messages.success(request, f"Themes merged into “{into.name}”.")
            elif action == "add":
                services.add_theme(question=question, by=request.user, name=request.POST.get("name", ""))
                messages.success(request, "Theme added.")
            elif action == "move":
                answer = get_object_or_404(Answer, pk=request.POST.get("answer"), question=question)
                theme_id = request.POST.get("theme")
                target = get_object_or_404(Theme, pk=theme_id, question=question) if theme_id else None
                services.move_answer(answer=answer, theme=target, by=request.user)
                messages.success(request, "Answer moved.")
        except ServiceError as exc:
            messages.error(request, exc.message)
        query = request.POST.get("return_query", "")
        return redirect(reverse("consultations:themes", args=[pk, question_id]) + (f"?{query}" if query else ""))
    run = queries.latest_theme_run(question)
    if getattr(request, "htmx", False) and request.GET.get("part") == "run":
        # The progress polled while themes are being found.
        return render(
            request, "consultations/themes.html#run", {"consultation": consultation, "question": question, "run": run}
        )
    theme_filter = request.GET.get("theme", "")
    answers = Answer.objects.filter(question=question).exclude(text="").select_related("theme").order_by("pk")
    if theme_filter == "none":
        answers = answers.filter(theme__isnull=True)
    elif theme_filter.isdigit():
        answers = answers.filter(theme_id=int(theme_filter))
    page = Paginator(answers, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/themes.html",
        {
            "run": run,
            "consultation": consultation,
            "question": question,
            "summary": queries.theme_summary(question),
            "themes": list(question.themes.all()),
            "page": page,
            "theme_filter": theme_filter,
            "return_query": request.GET.urlencode(),
            "rename_form": ThemeNameForm(),
            "page_title": f"Themes: {question.text}",
            "breadcrumbs": staff_crumbs(
                consultation, ("Analysis", reverse("consultations:analysis", args=[pk])), ("Themes", None)
            ),
        },
    )


@staff_required(Capability.WORKSPACE)
def export(request: HttpRequest, pk: int, fmt: str) -> Any:
    """Raw answers as CSV or XLSX, streamed, for those who may run or read the consultation's results."""
    consultation = readable(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Choose CSV or XLSX.")
    versions = list(consultation.questionnaires.order_by("-version"))
    chosen = request.GET.get("version")
    questionnaire = next((v for v in versions if str(v.version) == chosen), versions[0])
    audit.log(request.user, "consultation.exported", consultation, changes={"format": fmt})
    chunks = exporting.row_chunks(consultation, questionnaire)
    filename = f"{consultation.slug}-v{questionnaire.version}-answers"
    if fmt == "csv":
        streamed = StreamingHttpResponse(exporting.csv_chunks(chunks), content_type="text/csv; charset=utf-8")
    else:
        streamed = StreamingHttpResponse(
            exporting.xlsx_chunks(chunks),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    streamed["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return streamed
