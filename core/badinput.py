"""Refuse a request with a NUL character in its address, query string or form fields as bad input (400).

PostgreSQL can neither store nor compare text holding U+0000, so such a value reaching a query or a save came
back as a server error, and a form whose service reads `request.POST` directly could not guard against it. No
honest input holds one. JSON bodies are checked by the API's own handler (`engagehub.api`), uploaded files not
at all (they are stored as bytes).
"""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path_info:
        return True
    for data in (request.GET, request.POST if request.method == "POST" else None):
        if data is None:
            continue
        for key, values in data.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
    return False


class NulCharacterMiddleware:
    """400 (the site's "problem with your request" page) for a NUL character anywhere a person could type."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            raise BadRequest("A NUL character is not allowed in a request.")
        return self.get_response(request)
