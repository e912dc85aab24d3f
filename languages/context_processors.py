"""The page's language and direction, the switcher's links and the `hreflang` alternates of a public page."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi, get_language_from_path

from languages import choices, routes
from languages.preference import strip_prefix, with_prefix


def languages(request: HttpRequest) -> dict[str, Any]:
    current = get_language() or settings.LANGUAGE_CODE
    found: dict[str, Any] = {"html_lang": current, "html_dir": "rtl" if get_language_bidi() else "ltr"}
    if not routes.is_public(getattr(request, "resolver_match", None)) or len(choices.live_codes()) < 2:
        return found
    path = request.path
    in_path = get_language_from_path(path)
    english_path = strip_prefix(path, in_path) if in_path else path
    choose = reverse("languages:choose")
    links, alternates = [], []
    for code in choices.live_codes():
        language = choices.BY_CODE[code]
        links.append(
            {
                "code": code,
                "name": language.native,
                "dir": "rtl" if language.rtl else "ltr",
                "current": code == current,
                "url": f"{choose}?{urlencode({'lang': code, 'next': english_path})}",
            }
        )
        alternates.append({"code": code, "url": settings.SITE_URL + with_prefix(english_path, code)})
    found["language_links"] = links
    found["language_alternates"] = alternates
    found["language_default_url"] = settings.SITE_URL + english_path
    return found
