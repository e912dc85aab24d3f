"""The voluntary equality-monitoring form: every question optional, GOV.UK radios.

Questions and answers are shown in the page's language; the values stored are always the answers' codes.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm
from equality.questions import QUESTIONS


def question_fields() -> dict[str, forms.Field]:
    return {
        question.key: forms.ChoiceField(
            label=_(question.label),
            help_text=_(question.hint) if question.hint else "",
            choices=[(value, _(label)) for value, label in question.choices()],
            required=False,
            widget=forms.RadioSelect,
        )
        for question in QUESTIONS
    }


class EqualityMonitoringForm(GovukForm):
    """Include it in a join or response form; pass `answers()` to `record_answers`."""

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data.get(q.key) or "" for q in QUESTIONS}


# The questions are declared fields of the class (as if written out in its body), so they are part of the form
# from the start: a subclass's fields and these are validated together, whoever reads `errors` first.
EqualityMonitoringForm.base_fields.update(question_fields())
EqualityMonitoringForm.declared_fields.update(question_fields())
