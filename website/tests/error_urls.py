"""The project's URLs plus views that fail on purpose, to test the error pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from engagehub.urls import handler400, handler403, handler404, handler500
from engagehub.urls import urlpatterns as project_urls


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("bad")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    *[path(f"{prefix}forbidden/", forbidden) for prefix in ("", "api/")],
    *[path(f"{prefix}suspicious/", suspicious) for prefix in ("", "api/")],
    *[path(f"{prefix}broken/", broken) for prefix in ("", "api/")],
    *project_urls,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
