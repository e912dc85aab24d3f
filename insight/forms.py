from django import forms

from core import bounds
from core.forms import GovukDateField, GovukForm, GovukModelForm
from insight.models import Measure, Period

MAX_UPLOAD = 10 * 1024 * 1024


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Survey results file (CSV or XLSX)",
        help_text="One figure per row: measure, area (borough code or name, or London), period, proportion, base.",
    )
    source = forms.CharField(
        label="Publication the figures come from",
        max_length=200,
        help_text="For example: MOPAC Public Attitude Survey, borough results, published January 2025",
    )
    dry_run = forms.BooleanField(label="Check only (save nothing)", required=False, initial=True)
    good_rows = forms.BooleanField(
        label="Import the good rows even if some rows are rejected", required=False, initial=False
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The survey results file must be a CSV or XLSX file.")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The survey results file must be smaller than 10 MB.")
        return upload


class MeasureForm(GovukModelForm):
    class Meta:
        model = Measure
        fields = ["key", "label", "question", "source", "order"]


class PeriodForm(GovukModelForm):
    start = GovukDateField(label="First day", label_for_errors="The first day", validators=bounds.date_validators())
    end = GovukDateField(label="Last day", label_for_errors="The last day", validators=bounds.date_validators())

    class Meta:
        model = Period
        fields = ["label", "kind", "start", "end"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:  # type: ignore[operator]
            self.add_error("end", "The last day must be on or after the first day")
        return data
