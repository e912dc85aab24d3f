"""The register's quick select draws the same HTML as Django's own select, without a render per option."""

from html.parser import HTMLParser

import pytest
from django import forms

from activities.forms import QuickSelect

CHOICES = [("", "Any"), ("a&b", "A <b>"), ("Group", [("x", 'X\'s "unit"'), ("y", "Y")]), ("c", "C")]


def _tags(html: str) -> list[tuple[str, ...]]:
    """The elements, their attributes (in any order) and their text, white space between tags aside."""
    found: list[tuple[str, ...]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, *sorted(f"{k}={v}" for k, v in attrs)))

        def handle_endtag(self, tag):
            found.append(("/" + tag,))

        def handle_data(self, data):
            if data.strip():
                found.append(("text", data))

    Parser().feed(html)
    return found


@pytest.mark.parametrize("value", [None, "", "a&b", "y", "c", "not offered"])
def test_it_draws_what_djangos_select_draws(value):
    attrs = {"class": "govuk-select", "aria-describedby": "hint"}
    django_select = forms.Select(choices=CHOICES, attrs=attrs).render("unit", value, {"id": "id_unit"})
    quick = QuickSelect(choices=CHOICES, attrs=attrs).render("unit", value, {"id": "id_unit"})
    assert _tags(quick) == _tags(django_select)


def test_what_was_typed_is_escaped():
    html = QuickSelect(choices=[("<x>", "<script>alert(1)</script>")]).render("unit", "<x>")
    assert "<script>" not in html
    assert '<option value="&lt;x&gt;" selected>&lt;script&gt;alert(1)&lt;/script&gt;</option>' in html
