"""The register's quick select draws the same HTML as Django's own select, without a render per option, and the
filter form reads its community and unit options together."""

from html.parser import HTMLParser

import pytest
from django import forms

from activities.forms import FilterForm, QuickSelect
from activities.models import CommunityOfInterest
from activities.tests.factories import CommunityFactory
from organisations.models import Unit
from organisations.tests.factories import UnitFactory

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


@pytest.mark.django_db
def test_the_filter_forms_community_and_unit_options_are_read_together_with_their_usual_labels(
    django_assert_num_queries,
):
    CommunityFactory(name="Young people & <families>")
    CommunityFactory(name="Faith groups")
    UnitFactory(name="Lewisham NPT", short_name="LW")
    UnitFactory(name="Retired unit", is_active=False)
    form = FilterForm({"community": "", "unit": ""})
    with django_assert_num_queries(1):
        html = str(form["community"]) + str(form["unit"])
    communities = [(c.slug, str(c)) for c in CommunityOfInterest.objects.all()]
    units = [(u.slug, str(u)) for u in Unit.objects.filter(is_active=True).order_by("name")]
    assert list(form.fields["community"].widget.choices)[1:] == communities
    assert list(form.fields["unit"].widget.choices)[1:] == units
    assert "Young people &amp; &lt;families&gt;" in html
    assert "Retired unit" not in html
