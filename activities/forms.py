"""Forms of the engagement register, rendered with GOV.UK Frontend classes."""

import html
import re
from datetime import date
from typing import Any

from django import forms
from django.db.models import CharField, F, IntegerField, Value
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString, mark_safe

from activities.models import Activity, CommunityOfInterest, MinimumStandard, Operation
from activities.queries import DEFAULT_WEIGHTS, Filters
from activities.services import plannable_units
from core import bounds
from core.forms import GovukForm, style_widgets
from organisations.models import Unit
from places.forms import BoroughField, parse_wards, wards_text
from places.models import Borough, Ward

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]


def revalidate(form: forms.BaseForm) -> None:
    """Fields changed after GovukForm's __init__ (which may already have validated): validate again."""
    form._errors = None  # type: ignore[attr-defined]
    if hasattr(form, "cleaned_data"):
        del form.cleaned_data
    style_widgets(form)


def parse_dates(text: str) -> list[str]:
    out = []
    for raw in re.split(r"[,;\s]+", text or ""):
        token = raw.strip()
        if not token:
            continue
        try:
            if "/" in token:
                d, m, y = token.split("/")
                out.append(date(int(y), int(m), int(d)).isoformat())
            else:
                out.append(date.fromisoformat(token).isoformat())
        except ValueError as exc:
            raise forms.ValidationError(f"“{token}” is not a date: use 2025-03-31 or 31/03/2025.") from exc
    return sorted(set(out))


class ActivityForm(GovukForm):
    """Plan or change an activity. Cleaned data maps onto `services.record_activity`."""

    title = forms.CharField(max_length=200)
    purpose = forms.CharField(label="Why this is taking place", widget=forms.Textarea(attrs={"rows": 3}))
    use_of_results = forms.CharField(
        label="How the results will be used", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    method = forms.ChoiceField(choices=Activity.Method.choices)
    tier = forms.ChoiceField(choices=Activity.Tier.choices, initial=Activity.Tier.BUSINESS_GROUP)
    organising_unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Organising unit")
    lead_name = forms.CharField(label="Lead contact name", required=False, max_length=150)
    lead_email = forms.EmailField(label="Lead contact email", required=False)
    lead_phone = forms.CharField(label="Lead contact telephone", required=False, max_length=40)
    partners = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.filter(is_active=True), required=False, label="Partners involved"
    )
    wards = forms.CharField(
        required=False,
        label="Wards",
        help_text="Ward names or ONS codes, separated by commas, e.g. Brixton Windrush, E05014101",
    )
    boroughs = forms.ModelMultipleChoiceField(
        queryset=Borough.objects.all(), required=False, label="Whole boroughs", help_text="Every ward in them"
    )
    london_wide = forms.BooleanField(required=False, label="London-wide")
    communities = forms.ModelMultipleChoiceField(
        queryset=CommunityOfInterest.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Communities of interest",
    )
    audience = forms.ChoiceField(
        choices=Activity.Audience.choices,
        initial=Activity.Audience.PUBLIC,
        required=False,
        label="Whom it engages",
        help_text="Partners-only and internal meetings are not counted as asks of the public (fatigue)",
    )
    starts_at = forms.DateTimeField(
        label="Starts",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=bounds.datetime_validators(),
    )
    ends_at = forms.DateTimeField(
        label="Ends",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=bounds.datetime_validators(),
    )
    recurrence = forms.ChoiceField(choices=Activity.Recurrence.choices, required=False, label="Repeats")
    repeat_until = forms.DateField(
        required=False,
        label="Last date of the series",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=bounds.date_validators(),
    )
    exception_dates = forms.CharField(
        required=False,
        label="Dates it does not take place",
        help_text="For a series: dates separated by commas, e.g. 2025-12-24, 31/12/2025",
    )
    venue = forms.CharField(required=False, max_length=300)
    venue_accessibility = forms.CharField(
        required=False, label="Accessibility of the venue", widget=forms.Textarea(attrs={"rows": 2})
    )
    is_public = forms.BooleanField(required=False, initial=True, label="Public: show it on the ward and borough pages")
    pre_planned = forms.BooleanField(
        required=False, initial=True, label="Pre-planned: consult the wards' neighbourhood teams"
    )
    operation = forms.ModelChoiceField(
        queryset=Operation.objects.all(), required=False, label="Reassurance for an operation"
    )
    operation_phase = forms.ChoiceField(
        choices=Activity.OperationPhase.choices, required=False, label="Before or after the operation"
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user  # who plans: the planning checks' notices are for them
        if user is not None:
            self.fields["organising_unit"].queryset = plannable_units(user)  # type: ignore[attr-defined]
            revalidate(self)

    def clean_wards(self) -> list[Ward]:
        return parse_wards(self.cleaned_data.get("wards", ""))

    def clean_exception_dates(self) -> list[str]:
        return parse_dates(self.cleaned_data.get("exception_dates", ""))

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["recurrence"] = data.get("recurrence") or ""
        data["operation_phase"] = data.get("operation_phase") or ""
        data["audience"] = data.get("audience") or Activity.Audience.PUBLIC
        return data

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, Any]:
        from django.utils import timezone

        initial: dict[str, Any] = {name: getattr(activity, name) for name in cls.base_fields if hasattr(activity, name)}
        initial["wards"] = wards_text(activity.wards.select_related("borough"))
        initial["boroughs"] = list(activity.boroughs.all())
        initial["partners"] = list(activity.partners.all())
        initial["communities"] = list(activity.communities.all())
        initial["exception_dates"] = ", ".join(activity.exception_dates or [])
        initial["starts_at"] = timezone.localtime(activity.starts_at).strftime("%Y-%m-%dT%H:%M")
        initial["ends_at"] = timezone.localtime(activity.ends_at).strftime("%Y-%m-%dT%H:%M")
        return initial


class StatusForm(GovukForm):
    status = forms.ChoiceField(choices=Activity.Status.choices, label="New status")
    attendance = forms.IntegerField(
        required=False, min_value=0, max_value=bounds.MAX_ATTENDANCE, label="Attendance (people who took part)"
    )
    reach = forms.IntegerField(
        required=False, min_value=0, max_value=bounds.MAX_REACH, label="Reach (people reached, e.g. leaflets, views)"
    )
    cost = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2, label="Cost (£)")
    outcome_notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Outcome")
    feedback_notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Feedback given to participants"
    )
    cancelled_reason = forms.CharField(required=False, max_length=300, label="Reason for cancelling")

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # blank optional fields do not overwrite what is already recorded
        return {k: v for k, v in data.items() if v not in (None, "") or k == "status"}


class QuickSelect(forms.Select):
    """A select written in Python: the HTML of Django's template for it, without a template render or an option
    dictionary per option (the register's unit filter lists some 800 units, which took most of the page's time)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        # The select's own attributes and value, without building every option as `Select.get_context` does.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        wanted = set(widget["value"])
        parts = [f'<select name="{html.escape(name)}"{flatatt(widget["attrs"])}>']
        chosen = False

        def option(value: Any, label: Any) -> str:
            nonlocal chosen
            text = "" if value is None else str(value)
            selected = ""
            if text in wanted and (self.allow_multiple_selected or not chosen):
                selected, chosen = " selected", True
            return f'\n  <option value="{html.escape(text)}"{selected}>{html.escape(str(label))}</option>'

        for group, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'\n  <optgroup label="{html.escape(str(group))}">')
                parts.extend(option(v, sub) for v, sub in label)
                parts.append("\n  </optgroup>")
            else:
                parts.append(option(group, label))
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class _Options:
    """The community and unit selects' options (slug, label), both read in one query when the first of them is
    drawn, as plain values: the labels of `CommunityOfInterest.__str__` and `Unit.__str__` without building some
    800 model instances."""

    def __init__(self) -> None:
        self._lists: tuple[list[tuple[str, str]], list[tuple[str, str]]] | None = None

    def lists(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        if self._lists is None:
            communities = CommunityOfInterest.objects.order_by().annotate(
                x_kind=Value(0, output_field=IntegerField()), x_short=Value("", output_field=CharField())
            )
            units = (
                Unit.objects.filter(is_active=True)
                .order_by()
                .annotate(x_kind=Value(1, output_field=IntegerField()), x_short=F("short_name"))
            )
            fields = ("x_kind", "slug", "name", "x_short")
            both = communities.values_list(*fields).union(units.values_list(*fields), all=True)
            rows = both.order_by("x_kind", "name")
            self._lists = ([], [])
            for kind, slug, name, short in rows:
                self._lists[kind].append((slug, f"{name} ({short})" if short else name))
        return self._lists


class _Choices(BaseChoiceIterator):
    """One select's options from `_Options`, after its empty choice. A choice iterator, which Django keeps as it
    is (it made any other iterable a list when the form was built, reading the options before they are drawn)."""

    def __init__(self, options: _Options, index: int, empty_label: str) -> None:
        self.options, self.index, self.empty_label = options, index, empty_label

    def __iter__(self) -> Any:
        yield "", self.empty_label
        yield from self.options.lists()[self.index]


class FilterForm(GovukForm):
    q = forms.CharField(required=False, label="Title or venue contains")
    ward = forms.CharField(required=False, label="Ward (name or code)")
    borough = BoroughField(required=False)
    community = forms.ModelChoiceField(
        queryset=CommunityOfInterest.objects.all(), required=False, to_field_name="slug", widget=QuickSelect
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.filter(is_active=True), required=False, to_field_name="slug", widget=QuickSelect
    )
    method = forms.ChoiceField(choices=[("", "Any"), *Activity.Method.choices], required=False)
    tier = forms.ChoiceField(choices=[("", "Any"), *Activity.Tier.choices], required=False)
    status = forms.ChoiceField(choices=[("", "Any"), *Activity.Status.choices], required=False)
    date_from = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=bounds.date_validators(),
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}), validators=bounds.date_validators()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = _Options()
        for index, name in enumerate(("community", "unit")):
            field = self.fields[name]
            field.widget.choices = _Choices(options, index, field.empty_label or "")  # type: ignore[attr-defined]

    def clean_ward(self) -> Ward | None:
        text = self.cleaned_data.get("ward", "")
        if not text:
            return None
        wards = parse_wards(text)
        return wards[0] if wards else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return data

    def filters(self) -> Filters:
        d = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Filters(
            ward=d.get("ward"),
            borough=d.get("borough"),
            community=d.get("community"),
            unit=d.get("unit"),
            method=d.get("method") or "",
            tier=d.get("tier") or "",
            status=d.get("status") or "",
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            text=d.get("q") or "",
        )


class ImportForm(GovukForm):
    file = forms.FileField(label="Spreadsheet (CSV or XLSX)", help_text="Up to 5 MB; one activity per row")
    organising_unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label="Organising unit", help_text="Used for rows that name no unit"
    )
    dry_run = forms.BooleanField(required=False, initial=True, label="Check only: show what would be imported")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["organising_unit"].queryset = plannable_units(user)  # type: ignore[attr-defined]
            revalidate(self)

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB.")
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV or an XLSX spreadsheet.")
        return f


FATIGUE_SETTINGS = (
    "medium_percentile",
    "high_percentile",
    "medium_4w",
    "high_4w",
    "medium_12w",
    "high_12w",
    "clash_window_days",
)


class FatigueSettingsForm(GovukForm):
    medium_percentile = forms.IntegerField(
        min_value=1,
        max_value=99,
        label="Medium from London's percentile",
        help_text="Of every ward's figure in the last year",
    )
    high_percentile = forms.IntegerField(min_value=1, max_value=99, label="High from London's percentile")
    medium_4w = forms.DecimalField(
        min_value=0, max_digits=6, decimal_places=1, label="Medium never below (4 weeks)", help_text="Weighted asks"
    )
    high_4w = forms.DecimalField(min_value=0, max_digits=6, decimal_places=1, label="High never below (4 weeks)")
    medium_12w = forms.DecimalField(min_value=0, max_digits=6, decimal_places=1, label="Medium never below (12 weeks)")
    high_12w = forms.DecimalField(min_value=0, max_digits=6, decimal_places=1, label="High never below (12 weeks)")
    clash_window_days = forms.IntegerField(min_value=0, max_value=90, label="Clash window (days either side)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for method, label in Activity.Method.choices:
            self.fields[f"weight_{method}"] = forms.DecimalField(
                min_value=0,
                max_value=10,
                max_digits=4,
                decimal_places=2,
                label=f"Weight: {label}",
                initial=DEFAULT_WEIGHTS[method],
            )
        revalidate(self)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data = {k: d[k] for k in FATIGUE_SETTINGS}
        data["method_weights"] = {m: float(d[f"weight_{m}"]) for m in Activity.Method.values}
        return data


class MinimumStandardForm(GovukForm):
    name = forms.CharField(max_length=200, help_text="e.g. Each ward panel meets at least quarterly")
    level = forms.ChoiceField(choices=MinimumStandard.Level.choices, label="Applies to")
    method = forms.ChoiceField(choices=[("", "Any method"), *Activity.Method.choices], required=False)
    community = forms.ModelChoiceField(
        queryset=CommunityOfInterest.objects.filter(is_active=True), required=False, empty_label="Any audience"
    )
    min_count = forms.IntegerField(min_value=1, max_value=1000, initial=1, label="At least this many activities")
    period_days = forms.IntegerField(min_value=1, max_value=731, initial=91, label="In every rolling period of (days)")
    is_active = forms.BooleanField(required=False, initial=True, label="In use")


class CommunityForm(GovukForm):
    name = forms.CharField(max_length=120)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_active = forms.BooleanField(required=False, initial=True, label="Offered when planning")


class OperationForm(GovukForm):
    name = forms.CharField(max_length=200)
    organising_unit = forms.ModelChoiceField(queryset=Unit.objects.none())
    boroughs = forms.ModelMultipleChoiceField(queryset=Borough.objects.all(), required=False)
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["organising_unit"].queryset = plannable_units(user)  # type: ignore[attr-defined]
            revalidate(self)
