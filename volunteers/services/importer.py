"""Import volunteers from a CSV (up to 20,000 rows) with a row report: each good row is added, each bad one
says why, nothing half-saved for a row. Columns: name, email, phone, kind, home_borough (ONS code or name),
vetting_level (0-3), vetting_expires_on and date_of_birth (YYYY-MM-DD), guardian_name, guardian_phone,
guardian_email, skills and languages (separated by ";"), available (any of weekdays;weekends;evenings),
email_language (the language of their emails: a language of the public site, by name or code; empty: English)."""

import csv
import io
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core import audit
from core.errors import NotAllowed, ServiceError
from languages import choices
from places import positions
from places.models import Borough
from places.services import LONDON_POSTCODE_AREAS, normalise_postcode
from volunteers import permissions
from volunteers.models import Language, Skill, Volunteer
from volunteers.services.outreach import MAX_IMPORT_ROWS, RowReport, _decode

KINDS = {**{k: k for k in Volunteer.Kind.values}, **{label.lower(): k for k, label in Volunteer.Kind.choices}}


def _email_languages() -> dict[str, str]:
    """The public site's live languages by code, English name and own name (lower case), to the code stored."""
    found = {"": "", "en": "", "english": ""}
    for code, _label in choices.email_choices()[1:]:
        language = choices.BY_CODE[code]
        found.update({code: code, language.english.lower(): code, language.native.lower(): code})
    return found


def _date(value: str, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ServiceError(f"{what} is not a date like 2026-03-31.") from exc


def _postcode(value: str) -> str:
    if not value:
        return ""
    try:
        compact = normalise_postcode(value)
    except ServiceError as exc:
        raise ServiceError("home_postcode is not a full UK postcode, like SE6 4RU.") from exc
    if "".join(c for c in compact[:2] if c.isalpha()) not in LONDON_POSTCODE_AREAS:
        raise ServiceError("home_postcode is not a London postcode.")
    return compact


def _row(values: dict[str, str], boroughs: dict[str, Borough], email_languages: dict[str, str]) -> Volunteer:
    if not values["name"]:
        raise ServiceError("No name.")
    kind = KINDS.get(values["kind"].lower())
    if kind is None:
        raise ServiceError(f"kind must be one of {', '.join(Volunteer.Kind.values)}.")
    borough = boroughs.get(values["home_borough"].lower())
    if borough is None:
        raise ServiceError("home_borough is not a London borough's ONS code or name.")
    try:
        level = int(values["vetting_level"] or 0)
    except ValueError as exc:
        raise ServiceError("vetting_level must be 0, 1, 2 or 3.") from exc
    available = {a.strip().lower() for a in values["available"].split(";") if a.strip()} or {"weekdays"}
    if available - {"weekdays", "weekends", "evenings"}:
        raise ServiceError("available takes weekdays, weekends and evenings.")
    email_language = email_languages.get(values["email_language"].lower())
    if email_language is None:
        raise ServiceError("email_language is not a language of the public site (e.g. Polish or pl; empty: English).")
    volunteer = Volunteer(
        name=values["name"],
        email_language=email_language,
        email=values["email"],
        phone=values["phone"],
        kind=kind,
        home_borough=borough,
        vetting_level=level,
        vetting_expires_on=_date(values["vetting_expires_on"], "vetting_expires_on"),
        date_of_birth=_date(values["date_of_birth"], "date_of_birth"),
        started_on=_date(values["started_on"], "started_on"),
        home_postcode=_postcode(values["home_postcode"]),
        guardian_name=values["guardian_name"],
        guardian_phone=values["guardian_phone"],
        guardian_email=values["guardian_email"],
        available_weekdays="weekdays" in available,
        available_weekends="weekends" in available,
        available_evenings="evenings" in available,
    )
    if kind == Volunteer.Kind.CADET and volunteer.date_of_birth is None:
        raise ServiceError("A volunteer police cadet needs a date_of_birth.")
    if level and volunteer.vetting_expires_on is None:
        raise ServiceError("Vetted: give vetting_expires_on.")
    # Field bounds only: a full_clean would ask the database once per check constraint and foreign key, for every
    # row (20,000 rows took five minutes); the rules those hold are checked above, and the database holds them too.
    try:
        volunteer.clean_fields(exclude=["user", "home_borough"])
    except ValidationError as exc:
        name, errors = next(iter(exc.message_dict.items()))
        raise ServiceError(f"{name}: {errors[0]}") from exc
    return volunteer


COLUMNS = (
    "name email phone kind home_borough vetting_level vetting_expires_on date_of_birth guardian_name "
    "guardian_phone guardian_email skills languages available home_postcode started_on email_language"
).split()


@transaction.atomic
def import_volunteers(*, by: Any, raw: bytes) -> list[RowReport]:
    if not permissions.can_coordinate(by):
        raise NotAllowed("Only volunteer coordinators import volunteers.")
    reader = csv.DictReader(io.StringIO(_decode(raw)))
    reader.fieldnames = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not {"name", "kind", "home_borough"} <= set(reader.fieldnames):
        raise ServiceError("The first row must name the columns, including name, kind and home_borough.", field="file")
    allowed = {b.pk for b in permissions.coordinated_boroughs(by)}
    boroughs: dict[str, Borough] = {}
    for b in Borough.objects.all():
        boroughs[b.code.lower()] = boroughs[b.name.lower()] = b
    skills = {s.name.lower(): s for s in Skill.objects.all()}
    languages = {lang.name.lower(): lang for lang in Language.objects.all()}
    email_languages = _email_languages()
    report: list[RowReport] = []
    good: list[tuple[Volunteer, list[Skill], list[Language]]] = []
    for index, row in enumerate(reader):
        if index >= MAX_IMPORT_ROWS:
            raise ServiceError(f"At most {MAX_IMPORT_ROWS:,} rows in one file.", field="file")
        values = {k: str(row.get(k) or "").strip() for k in COLUMNS}
        try:
            volunteer = _row(values, boroughs, email_languages)
            if volunteer.home_borough_id not in allowed:
                raise ServiceError("home_borough is outside the boroughs you coordinate.")
            wanted = [n.strip() for n in values["skills"].split(";") if n.strip()]
            spoken = [n.strip() for n in values["languages"].split(";") if n.strip()]
            unknown = [n for n in wanted if n.lower() not in skills] + [n for n in spoken if n.lower() not in languages]
            if unknown:
                raise ServiceError(f"Unknown skills or languages: {', '.join(unknown)}.")
        except ServiceError as exc:
            report.append(RowReport(index + 2, False, f"{exc.message} Row skipped."))
            continue
        good.append((volunteer, [skills[n.lower()] for n in wanted], [languages[n.lower()] for n in spoken]))
        report.append(RowReport(index + 2, True, "Added."))
    centres = positions.borough_centres({g[0].home_borough_id for g in good})
    homes = positions.postcode_positions({g[0].home_postcode for g in good if g[0].home_postcode})
    for volunteer, _, _ in good:
        centre = centres.get(volunteer.home_borough_id, (None, None))
        volunteer.home_latitude, volunteer.home_longitude = homes.get(volunteer.home_postcode, centre)
    made = Volunteer.objects.bulk_create([g[0] for g in good], batch_size=1000)
    Volunteer.skills.through.objects.bulk_create(
        [
            Volunteer.skills.through(volunteer_id=v.pk, skill_id=s.pk)
            for v, (_, ss, _) in zip(made, good, strict=True)
            for s in ss
        ],
        batch_size=5000,
    )
    Volunteer.languages.through.objects.bulk_create(
        [
            Volunteer.languages.through(volunteer_id=v.pk, language_id=lang.pk)
            for v, (_, _, ls) in zip(made, good, strict=True)
            for lang in ls
        ],
        batch_size=5000,
    )
    audit.log(by, "volunteer.imported", None, changes={"added": len(made), "skipped": len(report) - len(made)})
    return report
