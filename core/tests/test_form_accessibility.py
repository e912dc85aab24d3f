"""Forms that work for everyone: errors name their field and lead to its first input, personal fields say what
they are for (autocomplete), choices set while a form is built are honoured, and wide tables reflow."""

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.template import Context, Template

from core.forms import GovukForm
from core.templatetags.eh import wrap_tables


class ContactForm(GovukForm):
    contact_name = forms.CharField(label="Your name")
    email = forms.EmailField(label="Email address")
    phone = forms.CharField(label="Phone number", required=False)
    postcode = forms.CharField(label="Postcode", required=False)
    topics = forms.MultipleChoiceField(
        label="Topics", choices=[("asb", "Anti-social behaviour")], widget=forms.CheckboxSelectMultiple
    )
    how = forms.ChoiceField(
        label="How often does it happen?", choices=[("daily", "Every day")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="I agree to be contacted")


class WardForm(GovukForm):
    """Choices that depend on the person are set after the base form is built, as several forms do."""

    ward = forms.ChoiceField(label="Ward", choices=[])

    def __init__(self, *args, wards=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = [(w, w) for w in wards]


def _summary(form: forms.Form) -> str:
    return Template('{% include "core/_error_summary.html" %}').render(Context({"form": form}))


def test_error_summary_links_radios_and_checkboxes_to_their_first_input():
    form = ContactForm(data={})
    form.is_valid()
    html = _summary(form)
    page = Template("{{ form }}").render(Context({"form": form}))
    assert 'href="#id_topics_0"' in html and 'id="id_topics_0"' in page
    assert 'href="#id_how_0"' in html and 'id="id_how_0"' in page
    assert 'href="#id_contact_name"' in html


def test_required_errors_name_their_field():
    form = ContactForm(data={})
    form.is_valid()
    assert form.errors["contact_name"] == ["Enter your name"]
    assert form.errors["email"] == ["Enter email address"]
    assert form.errors["topics"] == ["Select topics"]
    assert form.errors["how"] == ["Answer the question ‘How often does it happen?’"]
    assert form.errors["agree"] == ["Tick ‘I agree to be contacted’ to go on"]
    assert "This field is required." not in _summary(form)


def test_a_field_without_a_label_is_named_after_itself():
    class Unlabelled(GovukForm):
        subject = forms.CharField()

    form = Unlabelled(data={})
    form.is_valid()
    assert form.errors["subject"] == ["Enter subject"]


def test_a_fields_own_required_message_is_kept():
    class Own(GovukForm):
        name = forms.CharField(label="Name", error_messages={"required": "Tell us your name"})

    form = Own(data={})
    form.is_valid()
    assert form.errors["name"] == ["Tell us your name"]


def test_personal_fields_say_what_they_are_for():
    html = Template("{{ form }}").render(Context({"form": ContactForm()}))
    assert 'autocomplete="name"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="tel"' in html
    assert 'autocomplete="postal-code"' in html


def test_choices_set_after_the_base_form_is_built_accept_valid_input():
    form = WardForm(data={"ward": "E05013717"}, wards=["E05013717"])
    assert form.is_valid(), form.errors


def test_invalid_fields_are_still_marked_for_assistive_technology():
    form = WardForm(data={"ward": "nowhere"}, wards=["E05013717"])
    assert not form.is_valid()
    assert form.fields["ward"].widget.attrs["aria-invalid"] == "true"
    assert "govuk-select--error" in form.fields["ward"].widget.attrs["class"]


@pytest.mark.parametrize(
    ("html", "label"),
    [
        ('<table class="govuk-table"><caption>Wards &amp; teams</caption><tr><td>x</td></tr></table>', "Wards & teams"),
        ('<h2 class="govuk-heading-m">Members</h2><p>…</p><table><tr><td>x</td></tr></table>', "Members"),
        ("<table><tr><td>x</td></tr></table>", "Table"),
    ],
)
def test_every_table_scrolls_in_its_own_labelled_focusable_region(html, label):
    out = wrap_tables(html)
    assert out.count('<div class="eh-scroll" role="region" tabindex="0"') == 1
    assert f'aria-label="{label.replace("&", "&amp;")} (table)"' in out
    assert out.endswith("</table></div>")


def test_each_table_is_named_after_the_last_heading_before_it():
    table = "<table><tr><td>x</td></tr></table>"
    html = f"<h2>Wards</h2>{table}<p>…</p>{table}<h3>Teams &amp; units</h3><h4>Ward <em>panels</em></h4>{table}"
    labels = re.findall(r'aria-label="([^"]*) \(table\)"', wrap_tables(html))
    assert labels == ["Wards", "Wards", "Ward panels"]


def test_a_table_wrapped_by_its_fragment_is_not_wrapped_again():
    html = wrap_tables("<h2>Clashes</h2><table><tr><td>x</td></tr></table>")
    assert wrap_tables(f"<div>{html}</div>").count('role="region"') == 1


def test_the_summary_names_the_field_when_its_message_does_not():
    form = ContactForm(data={"contact_name": "Ada", "email": "not an address", "topics": ["asb"], "how": "daily"})
    form.is_valid()
    form.add_error("how", "Say how often it happens: how often does it happen?")  # names the field already
    form.add_error("agree", "You must agree before we can contact you")
    form.add_error("postcode", "We cannot find that in London")
    html = _summary(form)
    assert ">Enter a valid email address.<" in html
    assert "Postcode: We cannot find that in London" in html
    assert ">Say how often it happens: how often does it happen?<" in html
    assert "I agree to be contacted: You must agree" in html


def test_a_field_whose_label_is_not_the_question_names_the_question_in_the_summary():
    class RankingForm(GovukForm):
        first = forms.ChoiceField(label="Patrols", choices=[("1", "1")], required=False)

    form = RankingForm(data={})
    form.fields["first"].error_name = "What matters most to you?"  # type: ignore[attr-defined]
    form.add_error("first", "Give each item a different rank.")
    assert "What matters most to you? Give each item a different rank." in _summary(form)


def _form_classes() -> list[type[forms.BaseForm]]:
    """Every form class the project's apps declare (in a `forms` module or package)."""
    found: set[type[forms.BaseForm]] = set()
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)) or ".venv" in config.path:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        modules = [module]
        if hasattr(module, "__path__"):
            modules += [
                importlib.import_module(m.name) for m in pkgutil.iter_modules(module.__path__, f"{module.__name__}.")
            ]
        for m in modules:
            found |= {v for v in vars(m).values() if isinstance(v, type) and issubclass(v, forms.BaseForm)}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def test_no_label_says_optional_itself_the_field_template_does():
    """The field template adds "(optional)" to every field that may be left empty; a label that says it too
    reads "Note (optional) (optional)"."""
    classes = _form_classes()
    assert len(classes) > 20
    doubled = [
        f"{c.__module__}.{c.__qualname__}.{name}"
        for c in classes
        for name, field in getattr(c, "base_fields", {}).items()
        if "(optional)" in str(field.label or "")
    ]
    assert doubled == []
