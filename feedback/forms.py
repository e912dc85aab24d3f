from django import forms

from core import bounds
from core.forms import GovukForm
from feedback.models import FeedbackEntry


class EntryForm(GovukForm):
    kind = forms.ChoiceField(
        label="What is this update?",
        choices=FeedbackEntry.Kind.choices,
        widget=forms.RadioSelect,
        help_text="Publishing what we did tells everyone who asked to hear back.",
    )
    text = forms.CharField(label="Update", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    count = forms.IntegerField(
        label="How many people took part",
        required=False,
        min_value=0,
        max_value=bounds.MAX_COUNT,
        help_text="For 'you said'",
    )
    happened_on = forms.DateField(
        label="Date",
        required=False,
        help_text="For example, 27 3 2026 as 2026-03-27. Leave empty for today.",
        validators=bounds.date_validators(),
    )
