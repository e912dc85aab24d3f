"""Signing in and one's account in the public site's languages: the pages under each language's prefix, the
choice kept in the account, and the account emails (over real SMTP) in the account's language."""

import re
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.test import Client

from accounts.services import mark_email_verified
from accounts.tests.conftest import totp_code
from accounts.tests.factories import UserFactory
from languages.tests import test_no_english_left as english_left

pytestmark = pytest.mark.django_db

PASSWORD = "a long new passphrase"


@pytest.fixture(autouse=True)
def _live(settings: Any) -> None:
    settings.LIVE_LANGUAGES = ["pl", "ar"]


def _subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _text(message: Any) -> str:
    part = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode().replace("\r\n", "\n")


def test_the_polish_sign_in_page_is_polish(client: Client) -> None:
    html = client.get("/pl/accounts/login/").content.decode()
    assert '<html lang="pl" dir="ltr"' in html
    assert "Zapomniałeś hasła?" in html and "Forgot your password?" not in html
    assert "Pamiętaj mnie" in html and "Remember Me" not in html


def test_the_arabic_sign_up_page_is_arabic_and_right_to_left(client: Client) -> None:
    html = client.get("/ar/accounts/signup/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "كلمة المرور" in html and "Password (again)" not in html


def test_the_arabic_account_page_is_arabic_and_right_to_left(client: Client) -> None:
    client.force_login(UserFactory(email="resident@example.test"))
    html = client.get("/ar/account/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "احذف حسابك" in html and "Delete your account" not in html
    assert "نزّل بياناتك (JSON)" in html
    assert '<span dir="ltr">resident@example.test</span>' in html


def test_the_polish_your_data_page_is_polish(client: Client) -> None:
    html = client.get("/pl/account/your-data/").content.decode()
    assert '<html lang="pl" dir="ltr"' in html
    assert "Wyślij mi link" in html and "Send me the link" not in html
    assert 'href="/pl/accounts/login/"' in html


def test_signing_up_on_a_polish_page_keeps_polish_and_checks_the_address_in_polish(
    client: Client, smtp_server: Any, django_user_model: Any
) -> None:
    response = client.post(
        "/pl/accounts/signup/", {"email": "resident@example.test", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"].startswith("/pl/")
    assert django_user_model.objects.get(email="resident@example.test").language == "pl"
    (message,) = smtp_server.messages
    assert "Potwierdź swój adres e-mail" in _subject(message)
    text = _text(message)
    assert "/pl/accounts/confirm-email/" in text
    assert "You're receiving this email" not in text


def test_a_password_reset_goes_out_in_the_accounts_language_not_the_pages(client: Client, smtp_server: Any) -> None:
    user = UserFactory(email="resident@example.test", language="ar")
    mark_email_verified(user)
    response = client.post("/accounts/password/reset/", {"email": "resident@example.test"})
    assert response.status_code == 302
    (message,) = smtp_server.messages
    assert "رسالة إعادة ضبط كلمة المرور" in _subject(message)
    text = _text(message)
    assert re.search(r"https?://\S+/ar/accounts/password/reset/key/\S+", text), text
    assert "Click the link below" not in text


def test_an_account_without_a_language_is_written_to_in_the_pages_language(client: Client, smtp_server: Any) -> None:
    mark_email_verified(UserFactory(email="resident@example.test", language=""))
    client.post("/pl/accounts/password/reset/", {"email": "resident@example.test"})
    (message,) = smtp_server.messages
    assert "E-mail z resetowaniem hasła" in _subject(message)
    assert "/pl/accounts/password/reset/key/" in _text(message)


def test_the_your_data_link_is_sent_in_the_language_of_the_page_that_asked(
    client: Client, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/pl/account/your-data/", {"email": "someone@example.test"})
    assert response.status_code == 200
    assert "Sprawdź skrzynkę e-mail" in response.content.decode()
    (message,) = smtp_server.messages
    assert _subject(message) == "Twoje dane: link, o który prosiłeś"
    text = _text(message)
    assert re.search(r"https?://\S+/pl/account/your-data/\S+/", text), text
    assert "Otwórz ten link w ciągu godziny" in text


def test_a_signed_in_persons_language_opens_their_account_pages_in_it(client: Client) -> None:
    client.force_login(UserFactory(email="resident@example.test", language="pl"))
    assert client.get("/account/")["Location"] == "/pl/account/"
    assert client.get("/accounts/password/change/")["Location"] == "/pl/accounts/password/change/"


def test_choosing_a_language_on_the_sign_in_page_is_kept_in_the_account(client: Client) -> None:
    user = UserFactory(email="resident@example.test", language="")
    client.force_login(user)
    response = client.get("/language/", {"lang": "ar", "next": "/account/"})
    assert response["Location"] == "/ar/account/"
    user.refresh_from_db()
    assert user.language == "ar"


def test_staff_pages_of_the_account_stay_english_and_unprefixed(client: Client) -> None:
    assert client.get("/pl/account/tokens/")["Location"] == "/account/tokens/"


def test_the_second_factor_is_in_the_pages_language(client: Client, settings: Any) -> None:
    """A member of the public may protect their account with an authenticator app: allauth's second-factor pages
    are public pages, in the site's words for "two-step verification" (accounts/second_factor_texts.py)."""
    user = UserFactory(email="resident@example.test", language="")
    client.force_login(user)
    account = client.get("/pl/account/").content.decode()
    assert 'href="/pl/accounts/2fa/"' in account
    index = client.get("/pl/accounts/2fa/").content.decode()
    assert '<html lang="pl"' in index and "Weryfikacja dwuetapowa" in index
    assert "Aplikacja uwierzytelniająca nie jest włączona." in index and "Two-Factor" not in index
    # Turning it on asks for the password again first, in the same language.
    activate = client.get("/ar/accounts/2fa/totp/activate/")
    assert activate["Location"].startswith("/ar/accounts/reauthenticate/")
    settings.LIVE_LANGUAGES = ["pl", "ar", "bn"]
    bengali = client.get("/bn/accounts/2fa/").content.decode()
    assert '<html lang="bn"' in bengali and "Two-Factor" not in bengali and "Authenticator App" not in bengali


def test_a_volunteers_part_of_the_service_is_named_in_the_pages_language(client: Client, lewisham: Any) -> None:
    from volunteers.models import Volunteer

    user = UserFactory(email="volunteer@example.test")
    Volunteer.objects.create(name="Val", email=user.email, kind="community", home_borough=lewisham, user=user)
    client.force_login(user)
    html = client.get("/pl/account/").content.decode()
    assert 'href="/pl/volunteers/me/">Twój wolontariat</a>' in html


@pytest.mark.parametrize("code", ["pl", "ar", "bn"])
def test_no_english_is_left_on_the_second_factor_pages(client: Client, settings: Any, london: Any, code: str) -> None:
    """Signed in, asked for the password again, then the pages to turn an authenticator app on (with a wrong code
    sent, for its error), as a member of the public reaches them from "Your account": no English words outside
    `lang="en"` (the crawler's test, languages/tests/test_no_english_left.py)."""
    settings.LIVE_LANGUAGES = ["pl", "ar", "bn"]
    user = UserFactory(email="resident@example.test", language="")
    client.force_login(user)
    pages = [client.get(f"/{code}/accounts/2fa/")]
    pages.append(client.get(f"/{code}/accounts/reauthenticate/?next=/{code}/accounts/2fa/totp/activate/"))
    pages.append(client.post(f"/{code}/accounts/reauthenticate/", {"password": "wrong"}))
    response = client.post(
        f"/{code}/accounts/reauthenticate/?next=/{code}/accounts/2fa/totp/activate/",
        {"password": "correct horse battery staple"},
    )
    assert response["Location"] == f"/{code}/accounts/2fa/totp/activate/"
    pages.append(client.get(response["Location"]))
    pages.append(client.post(response["Location"], {"code": "123"}))
    names = english_left._names()
    for page in pages:
        assert page.status_code in (200, 400)
        texts = english_left.TextsOf()
        texts.feed(page.content.decode())
        assert len(texts.texts) > 20  # the page's own words were read (an English page is all lang="en")
        left = [t for t in map(texts.without_marked, texts.texts) if english_left.english_in(t, names)]
        assert left == [], (page.request["PATH_INFO"], left)


def test_staff_signing_in_on_polish_pages_still_pass_the_second_factor(
    client: Client, settings: Any, totp_staff: Any
) -> None:
    """The second factor's pages are prefixed now: signing in on /pl/ still stops at the code, in Polish, and a
    wrong code, another language's address or a staff page reached directly does not let the session in."""
    settings.LIVE_LANGUAGES = ["pl", "ar"]
    user, secret = totp_staff
    response = client.post("/pl/accounts/login/", {"login": user.email, "password": "correct horse battery staple"})
    assert response["Location"] == "/pl/accounts/2fa/authenticate/"
    page = client.get("/pl/accounts/2fa/authenticate/").content.decode()
    assert "weryfikacją dwuetapową" in page
    assert client.post("/pl/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert client.get("/ar/accounts/2fa/authenticate/").status_code == 200  # the same pending sign-in, in Arabic
    assert "_auth_user_id" not in client.session
    assert client.get("/staff/").status_code == 302
    response = client.post("/pl/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert client.get("/staff/").status_code == 200
