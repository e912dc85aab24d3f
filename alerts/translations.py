"""An alert's texts in other languages (kept on the message's row, `Message.translations`, by
`languages.content`): its subject, message, plain-text version and text-message version, each fingerprinted
against the English it was made from and marked reviewed or not. Staff translate a draft in the composer (one
language) or on the shared translation pages (every language, a translator's file); a subscriber gets the version
in their language when one made from the message's current English exists (`Message.in_language`)."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from alerts import permissions
from alerts.models import Language, Message
from core import registry
from core.errors import ServiceError
from languages import choices, content

FIELDS = (("subject", "Subject"), ("body", "Message"), ("text", "Plain-text version"), ("sms_text", "Text message"))
NAMES = tuple(name for name, _label in FIELDS)


def texts(message: Message) -> list[registry.SourceText]:
    """The message's English texts; the optional versions only when the message has them."""
    return [
        registry.SourceText.of(message, name, label)
        for name, label in FIELDS
        if name in {"subject", "body"} or getattr(message, name)
    ]


def merged(message: Message, incoming: dict[str, Any]) -> dict[str, Any]:
    """`message.translations` with the languages in `incoming` ({code: {field: text}}) replaced, each checked and
    fingerprinted against the message's English as it now is; languages not in `incoming` are kept. A text that
    did not change keeps the English it was made from (so a translation left as it was when the English changed
    stays outdated) and the language keeps its review only when none of its texts changed. All of a language's
    texts empty removes it."""
    translations = dict(message.translations or {})
    limits = {text.field: text.max_length for text in (registry.SourceText.of(message, n, "") for n in NAMES)}
    english = {name: str(getattr(message, name) or "") for name in NAMES}
    for code, values in incoming.items():
        if code not in Language.values or code == Language.ENGLISH:
            raise ServiceError(f"Unknown language: {code}", field="translation_language")
        if not isinstance(values, dict) or set(values) - set(NAMES):
            raise ServiceError(
                f"A translation has the texts {', '.join(NAMES)}; {code} has others.", field="translation_language"
            )
        saved = translations.get(code)
        old: dict[str, Any] = saved if isinstance(saved, dict) else {}
        new = {name: str(values.get(name, old.get(name, "")) or "").strip() for name in NAMES}
        if not any(new.values()):
            translations.pop(code, None)
            continue
        if not (new["subject"] and new["body"]):
            raise ServiceError(
                "Enter the subject and the message in the other language, or choose no translation",
                field="translation_body",
            )
        for name, value in new.items():
            if len(value) > limits[name]:
                raise ServiceError(
                    f"The {name.replace('_', ' ')} in that language is longer than {limits[name]:,} characters.",
                    field="translation_body",
                )
        translations[code] = content.with_translation(message, code, new, english, reviewed=False, keep_unchanged=True)[
            code
        ]
    return translations


def translatable_messages(user: Any) -> QuerySet[Message]:
    """Drafts and scheduled messages the user may change: what has been sent is not translated afterwards."""
    if not permissions.sends_alerts(user):
        return Message.objects.none()
    return permissions.visible_messages(user).filter(status__in=Message.CHANGEABLE)


def register() -> None:
    registry.translatable.add(
        registry.TranslatableKind(
            kind="alert",
            label="Alert",
            order=60,
            model=Message,
            editable=translatable_messages,
            texts=texts,
            describe=lambda message: message.subject,
            back_url=lambda message: reverse("alerts:message_detail", args=[message.pk]),
            everything=lambda: Message.objects.filter(status__in=Message.CHANGEABLE),
        )
    )


def summary(message: Message) -> list[dict[str, Any]]:
    """Each language the message has a translation in, for its staff page: the texts, whether they were made from
    the current English (an outdated one is not sent) and whether a second reader checked them."""
    names = dict(Language.choices)
    sources = [(text.field, text.english) for text in texts(message)]
    rows = []
    for code, entry in sorted((message.translations or {}).items()):
        if not isinstance(entry, dict):
            continue
        rows.append(
            {
                "code": code,
                "name": names.get(code, code),
                "rtl": bool(code in choices.BY_CODE and choices.BY_CODE[code].rtl),
                "subject": entry.get("subject", ""),
                "body": entry.get("body", ""),
                "outdated": content.status(message, sources, code) == content.OUTDATED,
                "reviewed": content.is_reviewed(message, code),
            }
        )
    return rows
