"""Health check, public media and error pages."""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.static import serve


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the service can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": exc.__class__.__name__}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def public_media(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """Serve an uploaded file only if it sits under a public prefix and serving media is on."""
    if not settings.SERVE_MEDIA or ".." in path.split("/"):
        raise Http404
    if not any(path.startswith(prefix) for prefix in settings.PUBLIC_MEDIA_PREFIXES):
        raise Http404
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A session the database could not save as the response left (Django's SessionInterrupted, a "bad request")
    # is the database's fault, not the request's: nothing was confirmed.
    if database_unavailable(exception):
        return unavailable(request)
    return _error(
        request,
        400,
        _("Sorry, there is a problem with your request"),
        _("The request could not be understood. Check what you entered and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else _("You do not have permission to see this page.")
    return _error(request, 403, _("You cannot do this"), message)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("Page not found"), _("If you typed the web address, check it is correct."))


UNAVAILABLE_TITLE = "Sorry, the service is unavailable for a moment"
UNAVAILABLE_MESSAGE = (
    "We could not reach our database, so what you sent has not been confirmed. "
    "Please wait a minute and try again; if you were sending a form, send it again."
)
# A page that needs nothing but itself: the database (sessions, menus, the signed-in user) is what failed.
UNAVAILABLE_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{UNAVAILABLE_TITLE}</title></head>
<body><main><h1>{UNAVAILABLE_TITLE}</h1><p>{UNAVAILABLE_MESSAGE}</p>
<p>In an emergency, call 999; otherwise you can call 101.</p></main></body></html>
"""


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc` (or what caused it) says the database could not be reached or dropped the connection."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def unavailable(request: HttpRequest) -> HttpResponse:
    """A 503 that says plainly nothing was confirmed, rendered without the database if need be."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": UNAVAILABLE_MESSAGE}, status=503)
    else:
        try:
            response = render(
                request, "core/error.html", {"title": UNAVAILABLE_TITLE, "message": UNAVAILABLE_MESSAGE}, status=503
            )
        except DatabaseError:
            response = HttpResponse(UNAVAILABLE_PAGE, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    if database_unavailable(sys.exc_info()[1]):
        return unavailable(request)
    return _error(request, 500, "Sorry, there is a problem with the service", "Try again later.")
