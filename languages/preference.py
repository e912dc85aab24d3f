"""A visitor's language: the switcher's cookie, then their account's choice, then the browser's Accept-Language;
only live languages."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from languages import choices


def _supported(code: str) -> str | None:
    try:
        found = get_supported_language_variant(code)
    except LookupError:
        return None
    return found if choices.is_live(found) else None


def preferred_language(request: HttpRequest) -> str | None:
    """The live language this visitor prefers, or None when they have not said (English then)."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie:
        return _supported(cookie) or settings.LANGUAGE_CODE
    user = getattr(request, "user", None)
    chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
    if chosen:  # chosen on another device while signed in
        return _supported(chosen) or settings.LANGUAGE_CODE
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        found = _supported(code)
        if found:
            return found
    return None


def strip_prefix(full_path: str, code: str) -> str:
    """`/pl/wards/x/?a=1` -> `/wards/x/?a=1`."""
    prefix = f"/{code}/"
    return "/" + full_path[len(prefix) :] if full_path.startswith(prefix) else full_path


def with_prefix(full_path: str, code: str) -> str:
    """`/wards/x/` -> `/pl/wards/x/`; English has no prefix."""
    if code == settings.LANGUAGE_CODE:
        return full_path
    return f"/{code}{full_path}"
