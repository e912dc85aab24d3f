"""Encrypt (or, backwards, decrypt) the second-factor secrets already stored; used by a data migration.

Lives beside the migrations (its name starts with an underscore, so Django does not load it as one).
"""

from collections.abc import Callable
from typing import Any

from accounts import crypto

# Where each kind of authenticator keeps its secrets in `data`: single values, and lists of values.
_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}
_LIST_FIELDS = {"recovery_codes": ("migrated_codes",)}


def _convert(data: dict[str, Any], kind: str, change: Callable[[str], str | None]) -> bool:
    changed = False
    for name in _FIELDS.get(kind, ()):
        value = data.get(name)
        new = change(value) if isinstance(value, str) else None
        if new is not None:
            data[name] = new
            changed = True
    for name in _LIST_FIELDS.get(kind, ()):
        values = data.get(name)
        if isinstance(values, list):
            converted = [change(v) if isinstance(v, str) else None for v in values]
            if any(c is not None for c in converted):
                data[name] = [c if c is not None else v for c, v in zip(converted, values, strict=True)]
                changed = True
    return changed


def _each(model: Any, change: Callable[[str], str | None]) -> None:
    for authenticator in model.objects.filter(type__in=list(_FIELDS)).iterator():
        data = dict(authenticator.data or {})
        if _convert(data, authenticator.type, change):
            model.objects.filter(pk=authenticator.pk).update(data=data)


def encrypt_all(model: Any) -> None:
    _each(model, lambda v: None if crypto.is_encrypted(v) else crypto.encrypt(v))


def decrypt_all(model: Any) -> None:
    _each(model, lambda v: crypto.decrypt(v) if crypto.is_encrypted(v) else None)
