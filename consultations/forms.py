"""Forms: consultation details, the questionnaire builder, invitations, quotas, themes and the answer form."""

from typing import Any

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.utils.html import format_html_join
from django.utils.translation import gettext

from core import bounds
from core.forms import GovukForm, GovukModelForm, style_widgets
from languages import choices, content
from places.models import Borough, Ward

from .models import SCALE_LABELS, Consultation, Invitation, Question, Questionnaire, Section
from .services import CONSULTATION_FIELDS
from .validation import LONG_TEXT_MAX, SHORT_TEXT_MAX


def _revalidate(form: forms.BaseForm) -> None:
    """GovukForm validates a bound form while styling it in __init__; fields changed after that need a fresh run."""
    form._errors = None  # type: ignore[attr-defined]
    if hasattr(form, "cleaned_data"):
        del form.cleaned_data
    style_widgets(form)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value: Any) -> Any:
        if hasattr(value, "strftime"):
            from django.utils import timezone

            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class ConsultationForm(GovukModelForm):
    boroughs = forms.ModelMultipleChoiceField(
        queryset=Borough.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Boroughs this consultation concerns as a whole.",
    )
    wards = forms.ModelMultipleChoiceField(
        queryset=Ward.objects.select_related("borough").order_by("borough__name", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Or particular wards.",
    )

    class Meta:
        model = Consultation
        fields = [*CONSULTATION_FIELDS, "boroughs", "wards"]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "identity": forms.RadioSelect(),
            "proposal": forms.Textarea(attrs={"rows": 4}),
            "why_asking": forms.Textarea(attrs={"rows": 3}),
            "can_change": forms.Textarea(attrs={"rows": 3}),
            "cannot_change": forms.Textarea(attrs={"rows": 3}),
            "how_used": forms.Textarea(attrs={"rows": 3}),
            "audience": forms.Textarea(attrs={"rows": 2}),
            "accessible_formats": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"london_wide": "This consultation concerns London as a whole"}

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["organising_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["organising_unit"].required = True
        self.fields["organising_unit"].help_text = "The unit running it; it is entered in the engagement register."
        _revalidate(self)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]


class SectionForm(GovukForm):
    title = forms.CharField(max_length=200, label="Section title")
    intro = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Introduction", max_length=bounds.MAX_TEXT
    )


class QuestionForm(GovukForm):
    section: forms.ModelChoiceField = forms.ModelChoiceField(queryset=Section.objects.none(), empty_label=None)
    kind = forms.ChoiceField(choices=Question.Kind.choices, label="Type of question")
    text = forms.CharField(max_length=500, label="Question")
    hint = forms.CharField(max_length=500, required=False, label="Hint")
    required = forms.BooleanField(required=False, label="An answer is required")
    options = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Answers to choose from",
        help_text="For single choice, multiple choice and ranking: one a line.",
    )
    min_value = forms.IntegerField(
        required=False, label="Smallest number allowed", min_value=-bounds.MAX_ANSWER, max_value=bounds.MAX_ANSWER
    )
    max_value = forms.IntegerField(
        required=False, label="Largest number allowed", min_value=-bounds.MAX_ANSWER, max_value=bounds.MAX_ANSWER
    )
    show_if: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Question.objects.none(),
        required=False,
        label="Show only if the answer to",
        help_text="Leave empty to always show this question.",
    )
    show_if_values = forms.CharField(
        required=False,
        label="is one of",
        help_text="The answers, exactly as listed, one a line. For a scale, use 1 (strongly disagree) to 5.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = questionnaire.sections.all()  # type: ignore[attr-defined]
        self.fields["show_if"].queryset = Question.objects.filter(  # type: ignore[attr-defined]
            section__questionnaire=questionnaire, kind__in=list(Question.CONDITION_KINDS)
        )
        _revalidate(self)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("section", None)
        data["options"] = (data.get("options") or "").splitlines()
        data["show_if_values"] = (data.get("show_if_values") or "").splitlines()
        return data


class EqualityBlockForm(GovukForm):
    include = forms.BooleanField(required=False, label="Include the standard equality-monitoring questions")


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[],
        required=False,
        label="Language of the email",
        help_text="The invitation, its reminder and the link go out in this language. The consultation's own "
        "words are in it where they have been translated, and in English otherwise.",
    )


class InviteListForm(GovukForm):
    body_kind = forms.ChoiceField(
        choices=Invitation.BodyKind.choices, initial=Invitation.BodyKind.LIST, label="Who are they?"
    )
    body_name = forms.CharField(max_length=200, required=False, label="Name of the group or list")
    file = forms.FileField(
        required=False, label="CSV file", help_text="One person a line: email address, then (optionally) name."
    )
    pasted = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Or paste email addresses, one a line",
        max_length=bounds.MAX_LIST * 255,  # a list's most addresses, each at its longest
    )
    language = _language_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = choices.email_choices()  # type: ignore[attr-defined]
        _revalidate(self)

    def text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload:
            if upload.size > 2 * 1024 * 1024:
                raise forms.ValidationError("The list must be smaller than 2 MB.")
            try:
                return str(upload.read().decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                raise forms.ValidationError("Save the list as a CSV file in UTF-8.") from exc
        return str(self.cleaned_data.get("pasted") or "")


class InviteAudienceForm(GovukForm):
    audience = forms.ChoiceField(choices=[], widget=forms.RadioSelect, label="Invite")
    group = forms.ModelChoiceField(
        queryset=Consultation.objects.none(), required=False, label="Group or panel", help_text="Only for one group."
    )
    language = _language_field()

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        from .audiences import AUDIENCES, group_choices

        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [(k, label) for k, (label, _) in AUDIENCES.items()]  # type: ignore[attr-defined]
        self.fields["group"].queryset = group_choices(consultation)  # type: ignore[attr-defined]
        self.fields["language"].choices = choices.email_choices()  # type: ignore[attr-defined]
        _revalidate(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience") == "group" and not data.get("group"):
            self.add_error("group", "Choose the group whose members you want to invite.")
        return data


class QuotaForm(GovukForm):
    name = forms.CharField(max_length=200, help_text="For example: men aged 16 to 30 from minority ethnic groups")
    target = forms.IntegerField(min_value=1, max_value=bounds.MAX_COUNT)
    boroughs = forms.ModelMultipleChoiceField(
        queryset=Borough.objects.order_by("name"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    question: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Question.objects.none(), required=False, label="Answer to question"
    )
    values = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="is one of (one a line)")
    question_2: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Question.objects.none(), required=False, label="And the answer to"
    )  # type: ignore[arg-type]
    values_2 = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="is one of (one a line)")

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Question.objects.filter(section__questionnaire=questionnaire, kind__in=list(Question.CONDITION_KINDS))
        self.fields["question"].queryset = qs  # type: ignore[attr-defined]
        self.fields["question_2"].queryset = qs  # type: ignore[attr-defined]
        _revalidate(self)

    def conditions(self) -> list[dict[str, Any]]:
        out = []
        for qf, vf in (("question", "values"), ("question_2", "values_2")):
            q = self.cleaned_data.get(qf)
            if q is not None:
                values = [v.strip() for v in (self.cleaned_data.get(vf) or "").splitlines() if v.strip()]
                out.append({"question": q.pk, "values": values})
        return out


class ThemeNameForm(GovukForm):
    name = forms.CharField(max_length=200, label="Theme name")


# --- the respondent's form ---------------------------------------------------------------------------------


class AnswerForm(GovukForm):
    """Renders a questionnaire. Validation is the service's (`validation.clean_answers`), shared with the API.

    Browser `required` attributes are off: a conditional question may be required only when it is shown,
    and without JavaScript every question is on the page.
    """

    use_required_attribute = False

    def __init__(
        self,
        *args: Any,
        questionnaire: Questionnaire,
        consultation: Consultation,
        idempotency_key: str,
        token: str = "",
        **kwargs: Any,
    ) -> None:
        self.questions = list(
            Question.objects.filter(section__questionnaire=questionnaire).select_related("section", "show_if")
        )
        self.consultation = consultation
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"] = forms.CharField(widget=forms.HiddenInput, initial=idempotency_key)
        self.fields["invitation"] = forms.CharField(widget=forms.HiddenInput, initial=token, required=False)
        for q in self.questions:
            for name, field in self._fields_for(q):
                self.fields[name] = field
        if consultation.identity != Consultation.Identity.ANONYMOUS:
            named = consultation.identity == Consultation.Identity.NAMED
            self.fields["name"] = forms.CharField(
                max_length=200,
                required=named,
                label=gettext("Your name"),
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
            )
            self.fields["email"] = forms.CharField(
                max_length=254,
                required=named and not token,
                label=gettext("Your email address"),
                help_text=gettext("We will tell you what came of this consultation. We do not publish it."),
                widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            )

    def _fields_for(self, q: Question) -> list[tuple[str, forms.Field]]:
        fields = self._plain_fields_for(q)
        # Errors name the question in words alone; the label marks English shown on a translated page.
        for _name, field in fields:
            if not hasattr(field, "error_name"):
                field.error_name = content.text(q, "text")  # type: ignore[attr-defined]
        return fields

    def _plain_fields_for(self, q: Question) -> list[tuple[str, forms.Field]]:
        parts = [part for part in (content.marked(q, "hint") if q.hint else "", q.condition_text()) if part]
        hint = format_html_join(" ", "{}", ((part,) for part in parts))
        common: dict[str, Any] = {"label": content.marked(q, "text"), "required": q.required, "help_text": hint}
        # The value of each choice is the English option, as stored and analysed; only the label is translated.
        options = [(o, content.marked(q, f"option.{i}", o)) for i, o in enumerate(q.choices())]
        K = Question.Kind
        if q.kind == K.SINGLE:
            return [(q.field_name, forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common))]
        if q.kind == K.SCALE:
            choices = [(str(i + 1), gettext(label)) for i, label in enumerate(SCALE_LABELS)]
            return [(q.field_name, forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common))]
        if q.kind == K.MULTIPLE:
            return [
                (
                    q.field_name,
                    forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common),
                )
            ]
        if q.kind == K.RANKING:
            ranks = [("", gettext("Not ranked"))] + [(str(i), str(i)) for i in range(1, len(q.options) + 1)]
            boxes: list[tuple[str, forms.Field]] = []
            for i, (_option, label) in enumerate(options):
                box = forms.ChoiceField(choices=ranks, required=False, label=label)
                box.error_name = content.text(q, "text")  # type: ignore[attr-defined]  # the question, not the option
                boxes.append((f"{q.field_name}__{i}", box))
            return boxes
        if q.kind == K.NUMBER:
            attrs = {"inputmode": "numeric", "class": "govuk-input--width-5"}
            return [(q.field_name, forms.CharField(widget=forms.TextInput(attrs=attrs), **common))]
        if q.kind == K.SHORT_TEXT:
            return [(q.field_name, forms.CharField(max_length=SHORT_TEXT_MAX, **common))]
        if q.kind == K.LONG_TEXT:
            return [
                (
                    q.field_name,
                    forms.CharField(widget=forms.Textarea(attrs={"rows": 5, "maxlength": LONG_TEXT_MAX}), **common),
                )
            ]
        if q.kind == K.PLACE:
            common["help_text"] = " ".join(t for t in (gettext("Your postcode or the name of your ward."), hint) if t)
            return [(q.field_name, forms.CharField(max_length=100, **common))]
        common["help_text"] = " ".join(
            t for t in (gettext("PDF, Word (.docx), OpenDocument (.odt) or text file."), hint) if t
        )
        return [(q.field_name, forms.FileField(**common))]

    def has_english(self) -> bool:
        """Some question, hint or answer is shown in English on a page in another language."""
        for q in self.questions:
            texts = [("text", q.text), ("hint", q.hint)]
            if q.kind in Question.CHOICE_KINDS:
                texts += [(f"option.{i}", str(o)) for i, o in enumerate(q.options)]
            if any(content.pick(q, name, english).fallback for name, english in texts):
                return True
        return False

    def full_clean(self) -> None:
        # Answers are validated by the service; the form only keeps what was typed for re-display.
        self._errors = ErrorDict()
        self.cleaned_data = {}
        style_widgets(self)

    def raw_answers(self) -> dict[int, Any]:
        """{question id: raw value} from the submitted data, in the shape `validation.clean_answers` takes."""
        raw: dict[int, Any] = {}
        for q in self.questions:
            name = q.field_name
            if q.kind == Question.Kind.MULTIPLE:
                raw[q.pk] = self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name)
            elif q.kind == Question.Kind.RANKING:
                raw[q.pk] = {opt: self.data.get(f"{name}__{i}", "") for i, opt in enumerate(q.choices())}
            elif q.kind == Question.Kind.FILE:
                raw[q.pk] = self.files.get(name)
            else:
                raw[q.pk] = self.data.get(name)
        return raw

    def set_errors(self, errors: dict[str, str]) -> None:
        self.full_clean()
        for name, message in errors.items():
            target = name
            if target not in self.fields:
                q = next((q for q in self.questions if q.field_name == name), None)
                target = f"{name}__0" if q is not None and q.kind == Question.Kind.RANKING else ""
            if target:
                self._errors[target] = ErrorList([message])
            else:
                self._errors.setdefault("__all__", ErrorList()).append(message)
        style_widgets(self)

    def blocks(self) -> list[dict[str, Any]]:
        """Sections with their questions' bound fields, for the template."""
        out: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        for q in self.questions:
            if current is None or current["section"].pk != q.section_id:
                current = {"section": q.section, "items": []}
                out.append(current)
            if q.kind == Question.Kind.RANKING:
                fields = [self[f"{q.field_name}__{i}"] for i in range(len(q.choices()))]
                error = self.errors.get(f"{q.field_name}__0")
                current["items"].append({"question": q, "ranking": fields, "error": error})
            else:
                current["items"].append({"question": q, "field": self[q.field_name]})
        return out
