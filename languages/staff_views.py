"""Staff pages for translating staff-written texts: a record's languages, one language's form, the report, and
a translator's file (export and import). Who may translate a record is the domain's own edit rule
(`editable` in its registration), so another area's record is simply not found."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from core import audit, registry
from core.errors import ServiceError
from core.forms import add_service_error
from languages import choices, content, translating
from languages.forms import ImportForm, TranslationForm
from organisations.decorators import staff_required

HOME = ("Translations", "/language/translations/")


def _record(request: HttpRequest, kind_name: str, pk: int) -> tuple[registry.TranslatableKind, Any]:
    kind = translating.kind_named(kind_name)
    if kind is None:
        raise Http404("No such kind of text.")
    record = kind.editable(request.user).filter(pk=pk).first()
    if record is None:
        raise Http404("Nothing here that you may translate.")
    return kind, record


@staff_required()
@require_safe
def record_languages(request: HttpRequest, kind_name: str, pk: int) -> HttpResponse:
    """Every language of one record: its status, whether it is reviewed, and a link to translate it."""
    kind, record = _record(request, kind_name, pk)
    texts = translating.sources_of(kind, record)
    pairs = [(t.field, t.english) for t in texts]
    rows = [
        {
            "language": lang,
            "live": choices.is_live(lang.code),
            "status": content.status(record, pairs, lang.code) if pairs else "",
            "reviewed": content.is_reviewed(record, lang.code),
        }
        for lang in choices.TRANSLATED
    ]
    name = kind.describe(record)
    context = {
        "kind": kind,
        "record": record,
        "name": name,
        "texts": texts,
        "rows": rows,
        "parts": _parts(kind, record),
        "back_url": kind.back_url(record),
        "page_title": f"Translations: {name}",
        "breadcrumbs": [("Workspace", "/staff/"), HOME, (name, None)],
    }
    return render(request, "languages/staff/record.html", context)


def _parts(kind: registry.TranslatableKind, record: Any) -> list[dict[str, Any]]:
    """The record's parts translated on their own rows (a consultation's questions), with their state."""
    out = []
    for part_kind_name, part in kind.parts(record) if kind.parts else []:
        part_kind = translating.kind_named(part_kind_name)
        if part_kind is None:
            continue
        pairs = [(t.field, t.english) for t in translating.sources_of(part_kind, part)]
        states = [content.status(part, pairs, lang.code) for lang in choices.TRANSLATED] if pairs else []
        out.append(
            {
                "kind": part_kind,
                "record": part,
                "name": part_kind.describe(part),
                "done": states.count(content.UP_TO_DATE),
                "outdated": states.count(content.OUTDATED),
            }
        )
    return out


@staff_required()
@require_http_methods(["GET", "HEAD", "POST"])
def translate(request: HttpRequest, kind_name: str, pk: int, code: str) -> HttpResponse:
    """One record's texts in one language, with the English beside them."""
    kind, record = _record(request, kind_name, pk)
    if code not in content.translation_codes():
        raise Http404("No such language on this site.")
    language = choices.BY_CODE[code]
    texts = translating.sources_of(kind, record)
    entry = (record.translations or {}).get(code) or {}
    initial: dict[str, Any] = {t.field: entry.get(t.field, "") for t in texts}
    initial["reviewed"] = bool(entry.get(content.REVIEWED))
    form = TranslationForm(request.POST or None, initial=initial, texts=texts, code=code)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                translating.save_translation(
                    kind=kind,
                    record=record,
                    by=request.user,
                    code=code,
                    values={t.field: data[t.field] for t in texts},
                    reviewed=data["reviewed"],
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"{language.english} translation saved.")
                return redirect("languages:record", kind_name=kind.kind, pk=record.pk)
        status = 400
    name = kind.describe(record)
    pairs = [(t.field, t.english) for t in texts]
    context = {
        "kind": kind,
        "record": record,
        "name": name,
        "language": language,
        "form": form,
        "status_text": content.status(record, pairs, code) if pairs else "",
        "outdated": [t for t in texts if content.field_status(record, t.field, t.english, code) == content.OUTDATED],
        "page_title": f"{language.english} translation: {name}",
        "breadcrumbs": [
            ("Workspace", "/staff/"),
            HOME,
            (name, reverse("languages:record", args=[kind.kind, record.pk])),
            (language.english, None),
        ],
    }
    return render(request, "languages/staff/translate.html", context, status=status)


@staff_required()
@require_http_methods(["GET", "HEAD", "POST"])
def overview(request: HttpRequest) -> HttpResponse:
    """The report per language over the texts this person may translate, and the translator's files."""
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    import_errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            code = form.cleaned_data["language"]
            upload = form.cleaned_data["file"]
            if upload.size > translating.MAX_IMPORT_BYTES:
                form.add_error("file", "The file is larger than 5 MB.")
            else:
                result = translating.import_csv(request.user, code, upload.read())
                if not result.errors:
                    messages.success(
                        request, f"Imported {result.rows} rows: {result.saved} records translated (not reviewed)."
                    )
                    return redirect("languages:overview")
                import_errors = result.errors
                form.add_error("file", "The file was not imported: nothing was saved. Correct the rows listed.")
        status = 400
    kinds = [kind for kind in translating.kinds() if kind.editable(request.user).exists()]
    context = {
        "form": form,
        "import_errors": import_errors[:200],
        "more_errors": max(0, len(import_errors) - 200),
        "counts": translating.report(request.user) if kinds else [],
        "kinds": kinds,
        "languages": choices.TRANSLATED,
        "page_title": "Translations",
        "breadcrumbs": [("Workspace", "/staff/"), ("Translations", None)],
    }
    return render(request, "languages/staff/overview.html", context, status=status)


@staff_required()
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """A translator's file for one language: the texts in the person's scope still to translate (or all)."""
    code = request.GET.get("language", "")
    if code not in content.translation_codes():
        return HttpResponse(
            "language: choose one of " + ", ".join(content.translation_codes()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    everything = request.GET.get("all") == "1"
    body = translating.export_csv(request.user, code, everything=everything)
    audit.log(request.user, "languages.translation.export", changes={"language": code, "all": everything})
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="translations-{code}-{stamp}.csv"'
    return response
