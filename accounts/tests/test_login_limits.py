"""Sign-in limits are per account and per client: no single client can lock anyone else out."""

from typing import Any

from django.test import Client
from django.urls import reverse

from accounts.services import mark_email_verified
from accounts.tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


def _login(client: Client, email: str, password: str, **extra: Any) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_failures_from_one_client_do_not_lock_the_account_out_for_another(db: Any) -> None:
    user = UserFactory(email="target@example.test")
    mark_email_verified(user)
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(6):
        _login(attacker, user.email, "wrong password!")
    assert "Too many failed login attempts" in _login(attacker, user.email, PASSWORD).content.decode()
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = _login(owner, user.email, PASSWORD)
    assert response.status_code == 302
    assert owner.session.get("_auth_user_id") == str(user.pk)


def test_behind_a_trusted_proxy_one_client_does_not_lock_out_the_others(db: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    user = UserFactory(email="resident@example.test")
    mark_email_verified(user)
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    for n in range(40):
        _login(attacker, f"someone{n}@example.test", "wrong password!")
    assert "too many" in _login(attacker, "someone0@example.test", "wrong password!").content.decode().lower()
    resident = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    response = _login(resident, user.email, PASSWORD)
    assert response.status_code == 302
    assert resident.session.get("_auth_user_id") == str(user.pk)


def test_a_client_guessing_many_accounts_is_stopped(db: Any) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for n in range(40):
        _login(attacker, f"someone{n}@example.test", "wrong password!")
    assert "too many" in _login(attacker, "another@example.test", "wrong password!").content.decode().lower()
