"""Template helpers shared by every app."""

import re
from html import escape, unescape
from typing import Any

from django import forms, template
from django.conf import settings
from django.http import QueryDict
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import addresses
from core.forms import error_summary_text
from core.forms import error_target as forms_error_target

register = template.Library()


@register.filter
def error_target(bound_field: forms.BoundField) -> str:
    """The id of the first input of a field (radios and checkboxes included), for error summary links."""
    return forms_error_target(bound_field)


@register.filter
def summary_text(bound_field: forms.BoundField, error: Any) -> str:
    """The error as the summary lists it, naming its field (see core.forms.error_summary_text)."""
    return error_summary_text(bound_field, error)


@register.filter
def widget_type(bound_field: forms.BoundField) -> str:
    return bound_field.field.widget.__class__.__name__.lower()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (for pagination and sorting links)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def percent(part: float | int | None, whole: float | int | None) -> str:
    if not whole or part is None:
        return "–"
    return f"{100 * part / whole:.1f}%"


@register.filter
def is_current(url: str, path: str) -> bool:
    """Whether a menu link points at the page being shown (or, except the home page, a page below it)."""
    if not url or not path:
        return False
    return path == url or (url != "/" and path.startswith(url.rstrip("/") + "/"))


# Parts of the page kept as rendered, by what they show (`{% kept %}`); emptied when it grows past the limit.
_KEPT: dict[tuple[Any, ...], str] = {}
KEPT_LIMIT = 2048


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, keys: list[template.base.FilterExpression]) -> None:
        self.nodelist = nodelist
        self.keys = keys

    def render(self, context: template.Context) -> str:
        keys = tuple(k.resolve(context, ignore_failures=True) for k in self.keys)
        if any(k is None for k in keys):  # not known here (no context processors) or not to be kept
            return self.nodelist.render(context)
        key = (get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), *keys)
        html = _KEPT.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_KEPT) >= KEPT_LIMIT:
                _KEPT.clear()
            _KEPT[key] = html
        return html


@register.tag
def kept(parser: template.base.Parser, token: template.base.Token) -> KeptNode:
    """`{% kept "footer" %}…{% endkept %}`: a part of the page rendered once per language in each process and
    kept as HTML. Every further argument is part of what the HTML depends on; when one is None or missing the
    part is rendered each time (e.g. a menu holding a signed-in visitor's CSRF token). Only for parts that show
    nothing else of the request or the visitor."""
    keys = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, keys)


@register.simple_tag
def address(url_name: str) -> str:
    """`{% address 'website:home' %}`: what `{% url %}` gives for a page without arguments, worked out once per
    process for each language (`core.addresses`); `as name` keeps it in a variable."""
    found = addresses.address(url_name)
    if found is None:
        raise NoReverseMatch(f"No page is named {url_name!r}.")
    return found


@register.simple_tag(takes_context=True)
def nav_item(context: template.Context, url: str, label: str) -> SafeString:
    """One link of the service menu, marked as the current page where it is (or, except the home page, holds)
    the page shown. Written out here rather than included: every page shows about ten."""
    request = context.get("request")
    if is_current(url, getattr(request, "path", "")):
        return format_html(
            '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
            '<a class="govuk-service-navigation__link" href="{}" aria-current="page">'
            '<strong class="govuk-service-navigation__active-fallback">{}</strong></a></li>\n',
            url,
            label,
        )
    return format_html(
        '<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{}">{}</a></li>\n',
        url,
        label,
    )


_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL | re.IGNORECASE)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)
_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_OPENED = "data-eh-scroll>"


def _plain(fragment: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", fragment)).split())


def _opened_before(html: str, end: int) -> bool:
    """Whether the text before `end`, less trailing white space, ends where a scroll region opens."""
    while end and html[end - 1].isspace():
        end -= 1
    return html.endswith(_OPENED, 0, end)


def wrap_tables(html: str) -> str:
    """Put each table in a region that scrolls sideways on its own, so the page reflows at 320 px (WCAG 1.4.10).

    The region can take keyboard focus (to scroll it without a mouse) and is named after the table's caption,
    or the heading before it."""
    out: list[str] = []
    last = 0
    # The last heading before the table in hand, found by reading on from the one before it: a heading found
    # before one table is found the same way before the next, so the page is read once, not once a table.
    heading: re.Match[str] | None = None
    headings_read = 0
    for match in _TABLE.finditer(html):
        table = match.group(0)
        if _opened_before(html, match.start()):
            continue  # already wrapped, by a fragment that wrapped its own tables
        caption = _CAPTION.search(table)
        for heading in _HEADING.finditer(html, headings_read, match.start()):  # noqa: B007 - the last one is kept
            headings_read = heading.end()
        name = _plain(caption.group(1)) if caption else (_plain(heading.group(1)) if heading else "")
        out.append(html[last : match.start()])
        label = escape(name or "Table")
        out.append(
            f'<div class="eh-scroll" role="region" tabindex="0" aria-label="{label} (table)" {_OPENED}{table}</div>'
        )
        last = match.end()
    out.append(html[last:])
    return "".join(out)


class ScrollTablesNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        return mark_safe(wrap_tables(self.nodelist.render(context)))  # noqa: S308 - rendered template output


@register.tag
def scrolltables(parser: template.base.Parser, token: template.base.Token) -> ScrollTablesNode:
    """`{% scrolltables %}…{% endscrolltables %}`: every table inside gets a labelled scroll container."""
    nodelist = parser.parse(("endscrolltables",))
    parser.delete_first_token()
    return ScrollTablesNode(nodelist)
