"""The project's addresses plus the minimal view `bench_ward_page` measures the ward pages against; served only
under `benchmarks.priorities.bench_settings`, never by the running service."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from engagehub import urls as project


def minimal(request: HttpRequest) -> HttpResponse:
    """A static response: the baseline of a request through Django with no page behind it."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("priorities/bench/minimal/", minimal, name="bench_minimal"), *project.urlpatterns]

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
