"""Equality pages: a person withdraws their own answers with their private link; readers see aggregates."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import exports
from core.errors import NotAllowed, ServiceError
from equality import queries, services
from equality.disclosure import minimum_population
from organisations.decorators import staff_required
from organisations.scope import Capability


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone holding the private link from their confirmation can delete their answers."""
    try:
        services.subject_key_from_token(token)
    except ServiceError as exc:
        return render(
            request, "equality/withdraw.html", {"error": exc.message, "page_title": _("Link not valid")}, status=404
        )
    if request.method == "POST":
        count = services.withdraw_with_token(token)
        return render(
            request,
            "equality/withdraw.html",
            {"done": True, "count": count, "page_title": _("Your answers are deleted")},
        )
    return render(request, "equality/withdraw.html", {"page_title": _("Delete your equality monitoring answers")})


@staff_required(Capability.READ_EQUALITY)
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    """The protected profile of one context, e.g. ?context=consultation:5 (equality readers in its area)."""
    contexts = [c.strip() for c in request.GET.getlist("context") if c.strip()]
    result = None
    error = ""
    status = 200
    if len(contexts) > 1:
        # The difference between two overlapping outputs could single a person out, so no combinations.
        error = "Choose one context at a time. Figures for several contexts together are not available."
        status = 400
    elif contexts:
        try:
            result = queries.profile(contexts=contexts, user=request.user)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
    if result is not None and request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="equality-profile.csv"'
        writer = exports.csv_writer(response)
        writer.writerow(
            [
                f"Context: {contexts[0]}. Counts are adjusted slightly so no one can be identified; "
                f"under {result.threshold} shown as 'suppressed'; total rounded to the nearest 5."
            ]
        )
        if result.suppressed:
            writer.writerow([f"Fewer than {minimum_population()} people are counted here: nothing can be shown."])
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
            "context": contexts[0] if contexts else "",
            "error": error,
            "result": result,
            "minimum_population": minimum_population(),
            "page_title": "Equality monitoring profile",
            "breadcrumbs": [("Workspace", "/staff/"), ("Equality monitoring profile", None)],
        },
        status=status,
    )
