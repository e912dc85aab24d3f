"""API v1: one NinjaAPI, a router per domain. OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path, resolve
from django.urls.exceptions import Resolver404
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accounts.api import router as accounts_router
from accounts.api_auth import OptionalAuth
from activities.api import router as activities_router
from alerts.api import router as alerts_router
from consultations.api import router as consultations_router
from core.errors import ServiceError
from equality.api import router as equality_router
from feedback.api import router as feedback_router
from funding.api import router as funding_router
from groups.api import router as groups_router
from organisations.api import router as organisations_router
from places.api import router as places_router
from plans.api import router as plans_router
from practice.api import router as practice_router
from priorities.api import router as priorities_router
from tension.api import router as tension_router
from volunteers.api import router as volunteers_router

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "description": "Every 4xx and 5xx answer of the API.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in plain English."},
        "code": {"type": "string", "description": "A stable reason code, e.g. invalid, forbidden, rate_limited."},
        "field": {"type": "string", "description": "The input the problem is with, where there is one."},
        "errors": {
            "type": "array",
            "description": "Each invalid input (422 only).",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["detail"],
}
ERRORS_EVERYWHERE = {
    400: "The request cannot be carried out as asked (the reason is in `detail`); nothing was saved.",
    401: "The API token sent is missing, unknown, expired or revoked.",
    403: "The caller may not do this (or, with a session cookie, the CSRF token is missing).",
    404: "No such record, or not one the caller may see.",
}
ERRORS_WITH_INPUT = {422: "An input is missing, of the wrong type or out of bounds (listed in `errors`)."}
ERRORS_OF_WRITES = {
    409: "This conflicts with the current state of a record.",
    429: "Too many requests: try again later.",
}
SAFE_METHODS = {"get", "head", "options"}


class EngagementHubAPI(NinjaAPI):
    """The API, with its OpenAPI description completed and JSON answers for unknown paths and methods."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        components["securitySchemes"] = {
            "bearerToken": {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal API token (Your account → API tokens): `Authorization: Bearer <token>`.",
            },
            "sessionCookie": {
                "type": "apiKey",
                "in": "cookie",
                "name": settings.SESSION_COOKIE_NAME,
                "description": "The session of a signed-in browser, as on the pages.",
            },
            "csrfToken": {
                "type": "apiKey",
                "in": "header",
                "name": "X-CSRFToken",
                "description": "With the session cookie, every request that changes data sends the CSRF token.",
            },
        }
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                safe = method in SAFE_METHODS
                session: dict[str, list[str]] = (
                    {"sessionCookie": []} if safe else {"sessionCookie": [], "csrfToken": []}
                )
                # Public data needs no credentials ({}); each operation then checks what the caller may do.
                operation["security"] = [{}, {"bearerToken": []}, session]
                statuses = dict(ERRORS_EVERYWHERE)
                if operation.get("parameters") or operation.get("requestBody"):
                    statuses.update(ERRORS_WITH_INPUT)
                if not safe:
                    statuses.update(ERRORS_OF_WRITES)
                # Ninja keys its own responses by int; one key type, or JSON gets "404" twice (the docs fail).
                responses = {str(code): answer for code, answer in operation.get("responses", {}).items()}
                operation["responses"] = responses
                for status, description in sorted(statuses.items()):
                    responses.setdefault(str(status), {"description": description, "content": error})
                if operation.get("parameters"):
                    # Answered by the web server (gunicorn) before the request reaches the service, as a page.
                    responses.setdefault("414", {"description": "The address is too long (over 4 KB)."})
        return schema

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        # Anything else under the API is a JSON 404 (never an HTML page or a redirect that drops a POST body).
        urls.append(re_path(r"^.*$", unknown_path, name="unknown"))
        return urls


def _json_not_allowed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            answer = _error(request, 405, f"This address does not take {request.method}; use {allowed}.")
            answer["Allow"] = allowed
            return answer
        return response

    return wrapper


@csrf_exempt  # it changes nothing; a CSRF refusal would be an HTML page
def unknown_path(request: HttpRequest) -> HttpResponse:
    detail = "There is no such API address: the operations are listed at /api/v1/docs."
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name not in ("unknown", "api_unknown"):  # not the catch-alls
            detail = f"There is no such API address: did you mean {request.path}/ (ending in a slash)?"
    return _error(request, 404, detail)


api = EngagementHubAPI(
    title="Engagement Hub API",
    version="1",
    description=(
        "Read London's places, the engagement register, groups, priorities, feedback, consultations, "
        "alerts and action plans. Public data needs no credentials; staff send "
        "`Authorization: Bearer <token>` with a personal API token and have the same permissions "
        'as on the pages. Errors are JSON: `{"detail": "…"}` with a 4xx status.'
    ),
    urls_namespace="api",
    auth=OptionalAuth(),
    docs_url="/docs",
)


def _atomic(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Run each API request in one transaction, undone if it fails with a server error.

    A 4xx comes from validation (nothing written yet) or from a service, whose own transaction has already
    been undone; the few records a refusal is meant to keep (a wrong SMS code counted) therefore stay.
    """

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response

    return wrapper


api.add_decorator(_atomic, mode="view")


def _error(request: HttpRequest, status: int, detail: Any, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


def _undo(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    """Undo the request's writes: the database refused one of them."""
    if transaction.get_connection().in_atomic_block:
        transaction.set_rollback(True)
    return _error(request, status, detail)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload"))
        errors.append({"field": loc, "message": err.get("msg", "Invalid value")})
    summary = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    return _error(request, 422, summary or "Invalid input.", errors=errors)


@api.exception_handler(ServiceError)
def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    extra = {"field": exc.field} if exc.field else {}
    return _error(request, exc.status, exc.message, code=exc.code, **extra)


@api.exception_handler(ValidationError)
def on_django_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 400, "; ".join(exc.messages))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "You do not have permission to do that.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "The API token is missing, unknown, expired or revoked.")


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    return _undo(request, 400, "A value is too large, too long or not valid. Nothing was saved.")


@api.exception_handler(OverflowError)
def on_overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    return _undo(request, 400, "A number or date is out of range. Nothing was saved.")


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    return _undo(request, 409, "This conflicts with a record that already exists. Nothing was saved.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


# The domains' routers, in the order the API description lists them.
api.add_router("", places_router)
api.add_router("/organisations", organisations_router)
api.add_router("/account", accounts_router)
api.add_router("/activities", activities_router)
api.add_router("/groups", groups_router)
api.add_router("/equality", equality_router)
api.add_router("/priorities", priorities_router)
api.add_router("/feedback", feedback_router)
api.add_router("/consultations", consultations_router)
api.add_router("/alerts", alerts_router)
api.add_router("/plans", plans_router)
api.add_router("/tension", tension_router)
api.add_router("/volunteers", volunteers_router)
api.add_router("/funding", funding_router)
api.add_router("/practice", practice_router)
