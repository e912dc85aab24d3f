"""Staff translations of staff-written texts: save one language of one record, the per-language report, and a
translator's CSV file (export, and an import that saves every row or none).

The records come from the domains through `core.registry.translatable`; this module never imports a domain.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from core import audit, exports, registry
from core.errors import ServiceError
from languages import choices, content

CSV_COLUMNS = ["kind", "id", "field", "English", "translation"]
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
# A cell a spreadsheet would run as a formula (our own export writes such text with a leading apostrophe).
FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def kinds() -> list[registry.TranslatableKind]:
    return registry.translatable.ordered()


def kind_named(name: str) -> registry.TranslatableKind | None:
    return registry.translatable.kinds.get(name)


def sources_of(kind: registry.TranslatableKind, record: Any) -> list[registry.SourceText]:
    return [t for t in kind.texts(record) if t.english.strip()]


def check_language(code: str) -> None:
    if code not in content.translation_codes():
        raise ServiceError(f"Unknown language: choose one of {', '.join(content.translation_codes())}.")


def check_text(text: registry.SourceText, value: str) -> str:
    """The error for one translated text, or ""."""
    if len(value) > text.max_length:
        return f"{text.label}: use {text.max_length} characters or fewer (you used {len(value)})."
    if "\x00" in value:
        return f"{text.label}: remove the invisible control characters."
    return ""


@transaction.atomic
def save_translation(
    *, kind: registry.TranslatableKind, record: Any, by: Any, code: str, values: dict[str, str], reviewed: bool
) -> None:
    """Replace the record's translation into `code` (all texts blank removes it), audited."""
    check_language(code)
    texts = {t.field: t for t in sources_of(kind, record)}
    unknown = set(values) - set(texts)
    if unknown:
        raise ServiceError(f"Unknown texts: {', '.join(sorted(unknown))}.")
    for name, value in values.items():
        error = check_text(texts[name], value)
        if error:
            raise ServiceError(error, field=name)
    filled = {name for name, value in values.items() if value.strip()}
    if filled and filled != set(texts):
        raise ServiceError("Translate every text, or leave them all blank to remove the translation.")
    if reviewed and not filled:
        raise ServiceError("A translation can only be marked as reviewed once it is written.", field="reviewed")
    before = (record.translations or {}).get(code)
    record.translations = content.with_translation(
        record, code, values, {name: t.english for name, t in texts.items()}, reviewed=reviewed
    )
    record.save(update_fields=["translations"])
    audit.log(
        by,
        "languages.translation.save" if filled else "languages.translation.remove",
        record,
        changes={"language": code, "reviewed": reviewed, "before": before, "after": record.translations.get(code)},
    )
    if kind.changed:
        kind.changed(record)


@dataclass
class Counts:
    code: str
    name: str
    records: int = 0
    translated: int = 0
    missing: int = 0
    outdated: int = 0
    reviewed: int = 0


def report(user: Any = None) -> list[Counts]:
    """Per language, how many records are translated (up to date), missing, outdated, and reviewed; over the
    records `user` may translate, or every record when `user` is None."""
    out = {lang.code: Counts(lang.code, lang.english) for lang in choices.TRANSLATED}
    for kind in kinds():
        if user is None:
            records = kind.everything() if kind.everything else kind.model.objects.all()
        else:
            records = kind.editable(user)
        for record in records.iterator(chunk_size=500):
            pairs = [(t.field, t.english) for t in sources_of(kind, record)]
            if not pairs:
                continue
            for counts in out.values():
                counts.records += 1
                state = content.status(record, pairs, counts.code)
                if state == content.UP_TO_DATE:
                    counts.translated += 1
                    counts.reviewed += content.is_reviewed(record, counts.code)
                elif state == content.OUTDATED:
                    counts.outdated += 1
                else:
                    counts.missing += 1
    return list(out.values())


def export_csv(user: Any, code: str, *, everything: bool = False) -> str:
    """A translator's file for `code`: every text in the user's scope that is missing or outdated (or every
    text), one row each, with the current translation when there is one."""
    check_language(code)
    buffer = io.StringIO()
    writer = exports.csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for kind in kinds():
        for record in kind.editable(user):
            for text in sources_of(kind, record):
                state = content.field_status(record, text.field, text.english, code)
                if everything or state != content.UP_TO_DATE:
                    stored = content.saved_translation(record, text.field, code)
                    writer.writerow([kind.kind, record.pk, text.field, text.english, stored])
    return buffer.getvalue()


@dataclass
class ImportResult:
    saved: int = 0  # records saved
    rows: int = 0
    errors: list[str] = field(default_factory=list)  # "Row 4: ..." for every refused row


def _cell(value: str) -> str:
    # Our export guards text that starts like a formula with an apostrophe: take it off again.
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r", "\n", " "):
        return value[1:]
    return value


def import_csv(user: Any, code: str, data: bytes) -> ImportResult:
    """Check every row of a translator's file; save them all (not reviewed) or, with any error, none."""
    check_language(code)
    result = ImportResult()
    if len(data) > MAX_IMPORT_BYTES:
        result.errors.append(f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
        return result
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append("The file is not UTF-8 text: save it as 'CSV UTF-8' and try again.")
        return result
    reader = csv.reader(io.StringIO(decoded, newline=""))
    header = next(reader, None)
    if header is None or [h.strip() for h in header] != CSV_COLUMNS:
        result.errors.append(f"The first row must be the column names: {', '.join(CSV_COLUMNS)}.")
        return result
    rows: list[tuple[int, list[str]]] = []
    unreadable = ""  # reported after the rows read before it
    try:
        for number, row in enumerate(reader, start=2):
            if number > MAX_IMPORT_ROWS:
                unreadable = f"The file has more than {MAX_IMPORT_ROWS} rows: split it."
                break
            if any(cell.strip() for cell in row):
                rows.append((number, row))
    except csv.Error as exc:
        unreadable = f"The file is not a readable CSV file ({exc})."
    records = _records_named(user, [row for _number, row in rows])
    wanted: dict[tuple[str, int], dict[str, str]] = {}
    for number, row in rows:
        result.rows += 1
        error = _check_row(row, wanted, records)
        if error:
            result.errors.append(f"Row {number}: {error}")
    if unreadable:
        result.errors.append(unreadable)
    if not result.errors and not wanted:
        result.errors.append("The file has no translations in it.")
    if result.errors:
        return result
    with transaction.atomic():
        for key, values in wanted.items():
            kind, record = registry.translatable.kinds[key[0]], records[key]
            texts = {t.field: t for t in sources_of(kind, record)}
            merged = {
                name: content.saved_translation(record, name, code)
                for name, text in texts.items()
                if content.field_status(record, name, text.english, code) == content.UP_TO_DATE
            }
            merged.update(values)
            if {n for n, v in merged.items() if v.strip()} != set(texts):
                missing = sorted(set(texts) - {n for n, v in merged.items() if v.strip()})
                result.errors.append(
                    f"{kind.kind} {record.pk}: the file leaves texts untranslated ({', '.join(missing)})."
                )
                continue
            save_translation(kind=kind, record=record, by=user, code=code, values=merged, reviewed=False)
            result.saved += 1
        if result.errors:
            transaction.set_rollback(True)
            result.saved = 0
    return result


def _key(row: list[str]) -> tuple[str, int] | None:
    """The (kind, id) a row names, when its kind is known and its id a number."""
    if len(row) != len(CSV_COLUMNS) or kind_named(row[0].strip()) is None:
        return None
    try:
        return row[0].strip(), int(row[1].strip())
    except ValueError:
        return None


def _records_named(user: Any, rows: list[list[str]]) -> dict[tuple[str, int], Any]:
    """The records the rows name that `user` may translate: one read per kind of record in the file."""
    ids: dict[str, set[int]] = {}
    for row in rows:
        key = _key(row)
        if key is not None:
            ids.setdefault(key[0], set()).add(key[1])
    found: dict[tuple[str, int], Any] = {}
    for kind_name, pks in ids.items():
        kind = registry.translatable.kinds[kind_name]
        found.update({(kind_name, record.pk): record for record in kind.editable(user).filter(pk__in=pks)})
    return found


def _check_row(
    row: list[str], wanted: dict[tuple[str, int], dict[str, str]], records: dict[tuple[str, int], Any]
) -> str:
    if len(row) != len(CSV_COLUMNS):
        return f"expected {len(CSV_COLUMNS)} columns, found {len(row)}."
    kind_name, raw_id, name, _english, raw_value = (cell.strip() for cell in row)
    kind = kind_named(kind_name)
    if kind is None:
        return f"unknown kind '{kind_name[:40]}'."
    try:
        pk = int(raw_id)
    except ValueError:
        return f"the id '{raw_id[:20]}' is not a number."
    key = (kind.kind, pk)
    record = records.get(key)
    if record is None:
        return f"no {kind.label.lower()} {pk} that you may translate."
    texts = {t.field: t for t in sources_of(kind, record)}
    if name not in texts:
        return f"{kind.label.lower()} {pk} has no text '{name[:40]}'."
    value = _cell(raw_value)
    if value.lstrip()[:1] in FORMULA_STARTS:
        return "the translation starts like a spreadsheet formula (=, +, @): remove that character."
    error = check_text(texts[name], value)
    if error:
        return error
    if name in wanted.get(key, {}):
        return f"{kind.label.lower()} {pk} '{name}' appears twice."
    if value:  # a blank translation is left for later
        wanted.setdefault(key, {})[name] = value
    return ""
