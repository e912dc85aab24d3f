"""Staff forms for translating staff-written texts."""

from typing import Any

from django import forms

from core import registry
from core.forms import GovukForm
from languages import choices, content


class TranslationForm(GovukForm):
    """One record's texts in one language, with the English beside each (the field's hint), and reviewed."""

    def __init__(self, *args: Any, texts: list[registry.SourceText], code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = choices.BY_CODE[code]
        for text in texts:
            widget = forms.Textarea(attrs={"rows": 4}) if text.multiline else forms.TextInput()
            widget.attrs.update({"lang": code, "dir": "rtl" if language.rtl else "ltr"})
            self.fields[text.field] = forms.CharField(
                label=f"{text.label} in {language.english}",
                required=False,
                max_length=text.max_length,
                strip=True,
                widget=widget,
                help_text=f"English: {text.english}",
            )
        self.fields["reviewed"] = forms.BooleanField(
            required=False,
            label="A second person who reads the language has checked this translation",
            help_text="Leave unticked for a translation nobody has checked yet.",
        )


class ImportForm(GovukForm):
    language = forms.ChoiceField(choices=[(lang.code, lang.english) for lang in choices.TRANSLATED])
    file = forms.FileField(
        label="Translator's file (CSV, UTF-8)",
        help_text="The columns of the exported file: kind, id, field, English, translation. Imported translations "
        "are saved as not reviewed.",
    )


def language_choices() -> list[tuple[str, str]]:
    return [(code, choices.BY_CODE[code].english) for code in content.translation_codes()]
