"""Second-factor secrets (TOTP keys, recovery-code seeds) encrypted at rest.

Fernet (AES-128-CBC with an HMAC-SHA256 tag) from `cryptography`, keyed by `MFA_ENCRYPTION_KEY`. Each key
in that list is stretched with HKDF-SHA256, so any long random string will do. The first key encrypts;
every key decrypts, so a key can be rotated by putting the new one first. Stored values start with
`PREFIX`, which tells them apart from plain secrets written before encryption was switched on.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "eh-fernet:"
_INFO = b"engagehub second-factor secrets"


class SecretUnreadable(Exception):
    """A stored secret that none of the configured keys can read."""


def _fernet_key(material: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material.encode())
    return base64.urlsafe_b64encode(derived)


def _keys() -> list[str]:
    keys = [k for k in settings.MFA_ENCRYPTION_KEY if k]
    # Unset: derived from SECRET_KEY (see docs/accounts.md for when that is acceptable).
    return keys or [settings.SECRET_KEY]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(k)) for k in _keys()])


def is_encrypted(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(text: str) -> str:
    return PREFIX + _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(value: str) -> str:
    if not is_encrypted(value):
        raise SecretUnreadable("A second-factor secret is stored without encryption; run `manage.py migrate`.")
    try:
        return _fernet().decrypt(value[len(PREFIX) :].encode("ascii")).decode()
    except InvalidToken as exc:
        raise SecretUnreadable(
            "A second-factor secret cannot be decrypted with MFA_ENCRYPTION_KEY; "
            "keep the old key in the list (after the new one) while you rotate."
        ) from exc
