from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.views.decorators.http import require_safe

from languages import choices
from languages.preference import strip_prefix, with_prefix


@require_safe
def choose(request: HttpRequest) -> HttpResponse:
    """The switcher's links: keep the choice in a cookie and show the same page in that language.

    A plain link (no JavaScript, no form) since choosing a language changes nothing but this visitor's cookie.
    """
    code = request.GET.get("lang", "")
    if not choices.is_live(code):
        return HttpResponseBadRequest(
            "lang: choose one of the languages listed on the page.", content_type="text/plain"
        )
    target = request.GET.get("next", "/")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    current = get_language_from_path(target)
    if current:
        target = strip_prefix(target, current)
    user = request.user
    if user.is_authenticated and hasattr(user, "language"):  # kept in the account too, for other devices
        get_user_model().objects.filter(pk=user.pk).update(language=code)
    response = HttpResponseRedirect(with_prefix(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
