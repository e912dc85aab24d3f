"""Bulk import of activities from CSV or XLSX (the boroughs' mapping spreadsheets): all rows or none.

A row with an `id` (the register's export carries it) updates that activity; a row without one adds a new
activity, through the same rules as the planning form: validation, scope, prior consultation of the ward
teams, and the clash check, whose findings (and likely duplicates) are reported as warnings."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from activities import permissions, queries, services
from activities.models import Activity, CommunityOfInterest, PriorConsultation
from core import audit
from core.errors import ServiceError
from core.exports import FORMULA_STARTS
from organisations.models import Unit
from places.models import Borough, Ward

MAX_ROWS = 5000
REQUIRED = ("title", "purpose", "method", "starts_at", "ends_at")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M")
TIERS = {label.lower(): value for value, label in Activity.Tier.choices}
AUDIENCES = {label.lower(): value for value, label in Activity.Audience.choices}


@cache
def method_codes() -> dict[str, str]:
    """The methods by their English names, as files name them, whatever language is active."""
    with translation.override("en"):
        return {str(label).lower(): value for value, label in Activity.Method.choices}


@dataclass
class RowResult:
    number: int
    title: str
    ok: bool
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    updated: bool = False


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    imported: int = 0
    updated: int = 0
    dry_run: bool = True
    error: str = ""

    @property
    def added(self) -> int:
        return self.imported - self.updated

    @property
    def warned(self) -> list[RowResult]:
        return [r for r in self.rows if r.warnings]

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]


class _Rollback(Exception):
    pass


def _plain(value: str) -> str:
    """Undo the apostrophe our exports put before text a spreadsheet would run as a formula."""
    if value.startswith("'") and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def read_rows(name: str, content: bytes) -> list[dict[str, str]]:
    """Rows as dicts keyed by lower-case header; raises ServiceError if the file cannot be read."""
    return [{k: _plain(v) for k, v in row.items()} for row in _read_raw(name, content)]


def _read_raw(name: str, content: bytes) -> list[dict[str, str]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise ServiceError("The spreadsheet could not be read: is it an XLSX file?", field="file") from exc
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(it, [])]
        rows = []
        for values in it:
            if values is None or all(v in (None, "") for v in values):
                continue
            rows.append({header[i]: _cell(v) for i, v in enumerate(values) if i < len(header) and header[i]})
        return rows
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ServiceError("The file is empty.", field="file")
    return [
        {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k}
        for row in reader
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]


def _cell(v: Any) -> str:
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, date):
        return v.isoformat()
    return "" if v is None else str(v).strip()


def _dt(text: str, column: str) -> datetime:
    for fmt in DATETIME_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(text, fmt))  # noqa: DTZ007 - local wall-clock time
        except ValueError:
            continue
    raise ServiceError(f"{column}: “{text}” is not a date and time like 2025-03-31 18:30.", field=column)


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.replace(",", ";").split(";") if t.strip()]


def _yes(text: str, default: bool) -> bool:
    if not text:
        return default
    return text.strip().lower() in {"yes", "y", "true", "1", "public"}


def row_data(row: dict[str, str], default_unit: Unit) -> dict[str, Any]:
    """Turn one spreadsheet row into data for `record_activity` (ServiceError on anything unknown)."""
    missing = [c for c in REQUIRED if not row.get(c)]
    if missing:
        raise ServiceError(f"Missing {', '.join(missing)}.", field=missing[0])
    method = row["method"].strip().lower()
    method = method_codes().get(method, method.replace(" ", "_"))
    tier_text = row.get("tier", "").strip().lower()
    data: dict[str, Any] = {
        "title": row["title"],
        "purpose": row["purpose"],
        "use_of_results": row.get("use_of_results", ""),
        "method": method,
        "tier": TIERS.get(tier_text, tier_text.replace(" ", "_")) or Activity.Tier.BUSINESS_GROUP,
        "starts_at": _dt(row["starts_at"], "starts_at"),
        "ends_at": _dt(row["ends_at"], "ends_at"),
        "lead_name": row.get("lead_name", ""),
        "lead_email": row.get("lead_email", ""),
        "lead_phone": row.get("lead_phone", ""),
        "venue": row.get("venue", ""),
        "venue_accessibility": row.get("venue_accessibility", ""),
        "is_public": _yes(row.get("is_public", ""), True),
        "pre_planned": _yes(row.get("pre_planned", ""), True),
        "london_wide": _yes(row.get("london_wide", ""), False),
        "recurrence": row.get("recurrence", "").strip().lower().replace("-", "_").replace(" ", "_"),
    }
    audience = row.get("audience", "").strip().lower()
    if audience:
        data["audience"] = AUDIENCES.get(audience, audience)
    status = row.get("status", "").strip().lower().replace(" ", "_")
    if status:
        data["status"] = status
    unit_text = row.get("organising_unit", "").strip()
    if unit_text:
        unit = Unit.objects.filter(
            Q(short_name__iexact=unit_text) | Q(slug=unit_text) | Q(name__iexact=unit_text)
        ).first()
        if unit is None:
            raise ServiceError(f"Unknown unit “{unit_text}”.", field="organising_unit")
        data["organising_unit"] = unit
    else:
        data["organising_unit"] = default_unit
    if row.get("repeat_until"):
        try:
            data["repeat_until"] = date.fromisoformat(row["repeat_until"][:10])
        except ValueError as exc:
            raise ServiceError(f"repeat_until: “{row['repeat_until']}” is not a date.", field="repeat_until") from exc
    if row.get("exception_dates"):
        data["exception_dates"] = sorted({d[:10] for d in _split(row["exception_dates"])})
    codes = _split(row.get("ward_codes", ""))
    wards = list(Ward.objects.filter(code__in=[c.upper() for c in codes]))
    unknown = sorted(set(c.upper() for c in codes) - {w.code for w in wards})
    if unknown:
        raise ServiceError(f"Unknown ward code: {', '.join(unknown)}.", field="wards")
    data["wards"] = wards
    codes = _split(row.get("borough_codes", ""))
    boroughs = list(Borough.objects.filter(code__in=[c.upper() for c in codes]))
    unknown = sorted(set(c.upper() for c in codes) - {b.code for b in boroughs})
    if unknown:
        raise ServiceError(f"Unknown borough code: {', '.join(unknown)}.", field="boroughs")
    data["boroughs"] = boroughs
    partners = _split(row.get("partners", ""))
    found = []
    for text in partners:
        unit = Unit.objects.filter(Q(short_name__iexact=text) | Q(slug=text) | Q(name__iexact=text)).first()
        if unit is None:
            raise ServiceError(f"Unknown partner unit “{text}”.", field="partners")
        found.append(unit)
    data["partners"] = found
    names = _split(row.get("communities", ""))
    communities = list(CommunityOfInterest.objects.filter(name__in=names))
    unknown = sorted(set(names) - {c.name for c in communities})
    if unknown:
        raise ServiceError(f"Unknown community of interest: {', '.join(unknown)}.", field="communities")
    data["communities"] = communities
    for column in ("attendance", "reach"):
        if row.get(column):
            try:
                data[column] = int(float(row[column]))
            except (ValueError, OverflowError) as exc:
                raise ServiceError(f"{column}: “{row[column]}” is not a number.", field=column) from exc
    if row.get("cost"):
        data["cost"] = row["cost"].replace("£", "").replace(",", "")
    if row.get("outcome_notes"):
        data["outcome_notes"] = row["outcome_notes"]
    return data


def _reference(row: dict[str, str]) -> int | None:
    text = (row.get("id") or row.get("reference") or "").strip()
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError as exc:
        raise ServiceError(f"id: “{text}” is not an activity id from the register.", field="id") from exc


def _duplicates(data: dict[str, Any]) -> list[Activity]:
    """Activities already in the register from the same unit, starting at the same time, in the same place."""
    same = Activity.objects.filter(organising_unit=data["organising_unit"], starts_at=data["starts_at"]).exclude(
        status=Activity.Status.CANCELLED
    )
    place = Q(pk__in=[])
    if data.get("london_wide"):
        place |= Q(london_wide=True)
    if data.get("wards"):
        place |= Q(wards__in=data["wards"])
    if data.get("boroughs"):
        place |= Q(boroughs__in=data["boroughs"])
    if not (data.get("london_wide") or data.get("wards") or data.get("boroughs")) and data.get("communities"):
        place |= Q(communities__in=data["communities"])
    return list(same.filter(place).distinct()[:3])


def _update(by: Any, pk: int, data: dict[str, Any]) -> Activity:
    activity = Activity.objects.filter(pk=pk).first()
    if activity is None:
        raise ServiceError(f"No activity {pk} in the register: leave id empty to add a new one.", field="id")
    if not permissions.can_edit(by, activity):
        raise ServiceError(f"You cannot change activity {pk} “{activity.title}”.", field="id")
    status = data.pop("status", activity.status)
    if status != activity.status:
        raise ServiceError(
            f"status: change it on the activity's page (it is {activity.get_status_display().lower()}, "
            f"the file says {status}).",
            field="status",
        )
    return services.update_activity(activity=activity, by=by, data=data)


def _warnings(activity: Activity, duplicates: list[Activity]) -> list[str]:
    """What the planning form would have shown: likely duplicates, clashes and the teams consulted."""
    out = [
        f"Looks like a duplicate of activity {d.pk} “{d.title}” (same unit, place and start): "
        f"put {d.pk} in the id column to update it instead."
        for d in duplicates
    ]
    for clash in queries.find_clashes(queries.Proposal.of(activity), limit=5):
        other = clash.activity
        if any(d.pk == other.pk for d in duplicates):
            continue
        when = timezone.localtime(clash.at).strftime("%-d %b %Y %H:%M")
        out.append(f"Clashes with activity {other.pk} “{other.title}” on {when}.")
    waiting = activity.consultations.filter(state__in=PriorConsultation.UNSETTLED).count()
    if waiting:
        out.append(
            f"{waiting} neighbourhood team{'s are' if waiting != 1 else ' is'} asked first (prior consultation): "
            "not shown to the public until they answer."
        )
    return out


def import_activities(*, by: Any, name: str, content: bytes, default_unit: Unit, dry_run: bool) -> ImportReport:
    """Check every row; save them all only if every row is good and this is not a dry run."""
    report = ImportReport(dry_run=dry_run)
    try:
        rows = read_rows(name, content)
    except ServiceError as exc:
        report.error = exc.message
        return report
    if not rows:
        report.error = "The file has no rows to import."
        return report
    if len(rows) > MAX_ROWS:
        report.error = f"The file has {len(rows)} rows: import at most {MAX_ROWS} at a time."
        return report
    seen: dict[int, int] = {}
    try:
        with transaction.atomic():
            for number, row in enumerate(rows, start=2):  # row 1 is the header
                title = row.get("title", "")
                try:
                    with transaction.atomic():
                        pk = _reference(row)
                        if pk is not None and pk in seen:
                            raise ServiceError(f"Activity {pk} is also on row {seen[pk]}.", field="id")
                        data = row_data(row, default_unit)
                        if pk is not None:
                            seen[pk] = number
                            activity = _update(by, pk, data)
                            duplicates: list[Activity] = []
                        else:
                            duplicates = _duplicates(data)
                            activity = services.record_activity(by=by, data=data)
                        warnings = _warnings(activity, duplicates)
                except ServiceError as exc:
                    field = f" ({exc.field})" if exc.field else ""
                    report.rows.append(RowResult(number, title, False, exc.message + field))
                else:
                    report.rows.append(RowResult(number, title, True, warnings=warnings, updated=pk is not None))
            if report.rejected or dry_run:
                raise _Rollback
            report.imported = len(report.rows)
            report.updated = sum(1 for r in report.rows if r.updated)
            audit.log(
                by,
                "activity.imported",
                None,
                changes={"file": name, "rows": len(rows), "updated": report.updated, "added": report.added},
            )
    except _Rollback:
        report.imported = 0
        report.updated = 0
    return report
