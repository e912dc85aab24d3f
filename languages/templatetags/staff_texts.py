"""Show a staff-written text in the page's language, marked as English where it falls back.

    {% load staff_texts %}
    <h3>{% staff_text priority "issue" %}</h3>
    <p>{% staff_text priority "action" lines=True %}</p>
    {% english_only priority "issue" "action" %}

`staff_text` escapes the text (whatever staff or a translator typed is shown as text); English on a page in
another language is wrapped in `<span lang="en">`, with `dir="ltr"` on a right-to-left page. `english_only`
says, once for a record, that some of its text is only available in English.

Texts that have no translations at all (an action plan's own words, as published) are marked with the filters
`{{ update.narrative|linebreaks|english_block }}` (a `div`, for paragraphs) and `{{ plan.action_label|english }}`
(a `span`); on an English page they add nothing.
"""

from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from languages import content

register = template.Library()


@register.simple_tag
def staff_text(record: Any, field: str, english: str | None = None, lines: bool = False, limit: int = 0) -> SafeString:
    """The text of `field` in the page's language (`lines`: keep line breaks; `limit`: at most so many
    characters), or its English marked `lang="en"`."""
    shown = content.pick(record, field, english)
    value = Truncator(shown.text).chars(limit) if limit else shown.text
    body = linebreaksbr(value, autoescape=True) if lines else conditional_escape(value)
    if not shown.fallback:
        return mark_safe(body)  # noqa: S308 - escaped above
    return content.in_english(body)


@register.simple_tag
def english_only(record: Any, *fields: str) -> SafeString:
    """A short notice when any of the record's `fields` is shown in English on a page in another language."""
    if any(content.pick(record, field).fallback for field in fields):
        return format_html(
            '<p class="govuk-body-s eh-english-only">{}</p>', _("This text is only available in English.")
        )
    return mark_safe("")  # noqa: S308 - empty


@register.filter
def english(value: Any) -> SafeString:
    """Text that is only ever English, escaped, in `<span lang="en">` on a page in another language."""
    return _only_english(value, block=False)


@register.filter
def english_block(value: Any) -> SafeString:
    """As `english`, for paragraphs (`linebreaks` output): in `<div lang="en">`."""
    return _only_english(value, block=True)


def _only_english(value: Any, *, block: bool) -> SafeString:
    body = conditional_escape(value)
    if not content.page_is_translated() or not str(body).strip():
        return mark_safe(body)  # noqa: S308 - escaped above
    return content.in_english(body, block=block)
