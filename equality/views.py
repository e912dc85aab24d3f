"""Equality pages: a person withdraws their own answers with their private link; readers see aggregates."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core import exports
from core.errors import NotAllowed, ServiceError
from equality import queries, services
from organisations.decorators import staff_required
from organisations.scope import Capability


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone holding the private link from their confirmation can delete their answers."""
    try:
        services.subject_key_from_token(token)
    except ServiceError as exc:
        return render(
            request, "equality/withdraw.html", {"error": exc.message, "page_title": "Link not valid"}, status=404
        )
    if request.method == "POST":
        count = services.withdraw_with_token(token)
        return render(
            request, "equality/withdraw.html", {"done": True, "count": count, "page_title": "Your answers are deleted"}
        )
    return render(request, "equality/withdraw.html", {"page_title": "Delete your equality monitoring answers"})


@staff_required(Capability.READ_EQUALITY)
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    """The suppressed profile of any context, e.g. ?context=consultation:5 (equality readers only)."""
    contexts = [c for c in request.GET.getlist("context") if c][:20]
    result = None
    if contexts:
        try:
            result = queries.profile(contexts=contexts, user=request.user)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
    if result is not None and request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="equality-profile.csv"'
        writer = exports.csv_writer(response)
        writer.writerow([f"Contexts: {', '.join(contexts)}. Counts under {result.threshold} shown as 'suppressed'."])
        if result.suppressed:
            writer.writerow(["Too few people answered to show anything."])
            return response
        writer.writerow(["Question", "Answer", "People", "Share %"])
        for d in result.dimensions:
            for r in d.rows:
                writer.writerow(
                    [d.label, r.label, "suppressed" if r.count is None else r.count, "" if r.share is None else r.share]
                )
        return response
    return render(
        request,
        "equality/profile.html",
        {
            "contexts": contexts,
            "result": result,
            "page_title": "Equality monitoring profile",
            "breadcrumbs": [("Workspace", "/staff/"), ("Equality monitoring profile", None)],
        },
    )
