"""Second-factor secrets are encrypted at rest and never shown or editable in the admin."""

import json
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts import crypto
from conftest import enrol_totp


def _stored_data(authenticator: Authenticator) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else json.dumps(value)


def test_totp_secret_is_not_stored_in_plain_text(officer: Any) -> None:
    officer.authenticator_set.all().delete()
    secret = enrol_totp(officer)
    stored = _stored_data(Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP))
    assert secret not in stored
    assert crypto.PREFIX in stored


def test_recovery_code_seed_is_not_stored_in_plain_text(officer: Any) -> None:
    codes = RecoveryCodes.activate(officer)
    stored = _stored_data(codes.instance)
    assert crypto.decrypt(codes.instance.data["seed"]) not in stored
    assert len(codes.generate_codes()) == 10


def test_secrets_encrypted_with_one_key_are_unreadable_with_another(settings: Any) -> None:
    settings.MFA_ENCRYPTION_KEY = ["first key"]
    token = crypto.encrypt("JBSWY3DPEHPK3PXP")
    settings.MFA_ENCRYPTION_KEY = ["second key", "first key"]
    assert crypto.decrypt(token) == "JBSWY3DPEHPK3PXP"  # an old key still reads, for rotation
    settings.MFA_ENCRYPTION_KEY = ["second key"]
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(token)


def test_the_data_migration_encrypts_existing_plain_secrets(officer: Any) -> None:
    from accounts.migrations import _second_factor

    authenticator = Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP)
    Authenticator.objects.filter(pk=authenticator.pk).update(data={"secret": "JBSWY3DPEHPK3PXP"})
    _second_factor.encrypt_all(Authenticator)
    authenticator.refresh_from_db()
    assert "JBSWY3DPEHPK3PXP" not in _stored_data(authenticator)
    assert crypto.decrypt(authenticator.data["secret"]) == "JBSWY3DPEHPK3PXP"
    _second_factor.encrypt_all(Authenticator)  # running it twice changes nothing
    authenticator.refresh_from_db()
    assert crypto.decrypt(authenticator.data["secret"]) == "JBSWY3DPEHPK3PXP"


@pytest.fixture
def admin_client(client: Client, make_staff: Any) -> Client:
    from organisations.models import Role

    root = make_staff(Role.ADMINISTRATOR, london_wide=True, email="root@police.example.test")
    root.is_staff = root.is_superuser = True
    root.save()
    client.force_login(root)
    return client


def test_admin_never_shows_a_second_factor_secret(admin_client: Client, officer: Any) -> None:
    authenticator = Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP)
    secret = crypto.decrypt(authenticator.data["secret"])
    url = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])
    html = admin_client.get(url).content.decode()
    assert secret not in html
    assert authenticator.data["secret"] not in html
    assert 'name="data"' not in html


def test_admin_cannot_edit_a_second_factor_secret(admin_client: Client, officer: Any) -> None:
    authenticator = Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP)
    before = authenticator.data
    url = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])
    admin_client.post(url, {"user": officer.pk, "type": "totp", "data": json.dumps({"secret": "AAAAAAAAAAAAAAAA"})})
    authenticator.refresh_from_db()
    assert authenticator.data == before


def test_staff_cannot_switch_off_their_own_second_factor(client: Client, officer: Any) -> None:
    from allauth.mfa.adapter import get_adapter

    authenticator = Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP)
    assert get_adapter().can_delete_authenticator(authenticator) is False


def test_deploy_check_warns_when_the_encryption_key_is_derived(settings: Any) -> None:
    from accounts.checks import mfa_encryption_key_set

    settings.MFA_ENCRYPTION_KEY = []
    assert [m.id for m in mfa_encryption_key_set(None)] == ["accounts.W001"]
    settings.MFA_ENCRYPTION_KEY = ["a long random string"]
    assert mfa_encryption_key_set(None) == []
