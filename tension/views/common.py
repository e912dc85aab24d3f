"""What every tension page shares: the marking, the form page, the refusal messages."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.errors import ServiceError
from core.forms import add_service_error
from tension.models import MARKING

CRUMBS = [("Workspace", "/staff/"), ("Community tension", "/tension/")]
NOT_YOURS = "Tension information is restricted: your role does not allow you to see this."


def refuse_unless(allowed: bool, message: str = NOT_YOURS) -> None:
    if not allowed:
        raise PermissionDenied(message)


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    submit: str,
    crumbs: Sequence[tuple[str, str | None]] | None = None,
    intro: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "tension/form.html",
        {
            "form": form,
            "page_title": title,
            "submit": submit,
            "intro": intro,
            "marking": MARKING,
            "breadcrumbs": [*(crumbs or CRUMBS), (title, None)],
            **(extra or {}),
        },
        status=status,
    )


def refused(form: Any, exc: ServiceError) -> int:
    """Show a service's refusal on the form; the status to answer with."""
    add_service_error(form, exc)
    return exc.status
