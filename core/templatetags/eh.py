"""Template helpers shared by every app."""

import re
from html import escape, unescape
from typing import Any

from django import forms, template
from django.http import QueryDict
from django.utils.safestring import mark_safe

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


_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL | re.IGNORECASE)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)
_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_OPENED = "data-eh-scroll>"


def _plain(fragment: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", fragment)).split())


def wrap_tables(html: str) -> str:
    """Put each table in a region that scrolls sideways on its own, so the page reflows at 320 px (WCAG 1.4.10).

    The region can take keyboard focus (to scroll it without a mouse) and is named after the table's caption,
    or the heading before it."""
    out: list[str] = []
    last = 0
    for match in _TABLE.finditer(html):
        table = match.group(0)
        if html[: match.start()].rstrip().endswith(_OPENED):
            continue  # already wrapped, by a fragment that wrapped its own tables
        caption = _CAPTION.search(table)
        headings = _HEADING.findall(html, 0, match.start())
        name = _plain(caption.group(1)) if caption else (_plain(headings[-1]) if headings else "")
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
