"""The voluntary equality-monitoring form: every question optional, GOV.UK radios."""

from typing import Any

from django import forms

from core.forms import GovukForm
from equality.questions import QUESTIONS


class EqualityMonitoringForm(GovukForm):
    """Include it in a join or response form; pass `cleaned_data` (or `answers()`) to `record_answers`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.label,
                help_text=question.hint,
                choices=question.choices(),
                required=False,
                widget=forms.RadioSelect,
            )
        # Fields are added after GovukForm styled the widgets, so style them again.
        from core.forms import style_widgets

        style_widgets(self)

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data.get(q.key) or "" for q in QUESTIONS}
