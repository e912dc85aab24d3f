"""Choosing a language: prefixed public addresses, the switcher's cookie, Accept-Language on a first visit."""

import pytest
from django.test import Client
from django.urls import get_resolver

from accounts.tests.test_every_staff_route import PUBLIC, _routes
from languages.routes import PUBLIC_ROUTES

pytestmark = pytest.mark.django_db

LIVE = ["ro", "es", "pl", "bn", "pt", "gu", "pa", "ar", "ta", "tr", "ur"]


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = LIVE


def test_english_keeps_todays_addresses_and_declares_itself(client: Client, london):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en-gb" dir="ltr"' in html
    assert 'hreflang="pl" href="http://' in html and "/pl/" in html
    assert 'hreflang="x-default"' in html


def test_a_polish_address_is_polish_and_arabic_is_right_to_left(client: Client, ward):
    html = client.get(f"/pl/wards/{ward.code}/").content.decode()
    assert '<html lang="pl" dir="ltr"' in html
    html = client.get(f"/ar/wards/{ward.code}/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_the_switcher_names_each_language_in_itself_and_keeps_the_choice(client: Client, ward):
    html = client.get(f"/wards/{ward.code}/").content.decode()
    for name in ("Polski", "العربية", "اردو", "Română", "বাংলা"):
        assert name in html
    response = client.get("/language/", {"lang": "pl", "next": f"/wards/{ward.code}/"})
    assert response.status_code == 302 and response["Location"] == f"/pl/wards/{ward.code}/"
    assert response.cookies["django_language"].value == "pl"
    # Back at an English address, the cookie leads to the Polish page.
    response = client.get(f"/wards/{ward.code}/")
    assert response.status_code == 302 and response["Location"] == f"/pl/wards/{ward.code}/"
    # Choosing English again from the Polish page stays in English.
    response = client.get("/language/", {"lang": "en-gb", "next": f"/pl/wards/{ward.code}/"})
    assert response["Location"] == f"/wards/{ward.code}/"
    assert client.get(f"/wards/{ward.code}/").status_code == 200


def test_accept_language_is_honoured_on_a_first_visit(client: Client, london):
    response = client.get("/find/?postcode=SE6+4RU", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/ar/find/?postcode=SE6+4RU"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").status_code == 200
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de,fr").status_code == 200  # not offered: English


def test_a_language_not_live_is_not_offered(client: Client, ward, settings):
    settings.LIVE_LANGUAGES = ["pl"]
    html = client.get(f"/wards/{ward.code}/").content.decode()
    assert "Polski" in html and "Română" not in html
    assert client.get(f"/ro/wards/{ward.code}/")["Location"] == f"/wards/{ward.code}/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ro").status_code == 200
    assert client.get("/language/", {"lang": "ro"}).status_code == 400
    settings.LIVE_LANGUAGES = []
    assert "Polski" not in client.get("/").content.decode()


def test_staff_pages_api_and_feeds_stay_unprefixed(client: Client, ward):
    assert client.get("/pl/priorities/staff/issues/")["Location"] == "/priorities/staff/issues/"
    assert client.get("/pl/plans/mine/")["Location"] == "/plans/mine/"
    assert client.get("/pl/api/v1/wards/").status_code == 404
    assert client.get("/pl/staff/").status_code == 404
    assert client.get(f"/pl/wards/{ward.code}/feed.atom")["Location"] == f"/wards/{ward.code}/feed.atom"
    # A staff page is never redirected by a language choice.
    client.cookies["django_language"] = "pl"
    assert client.get("/priorities/staff/issues/")["Location"].startswith("/accounts/login/")
    # Signing in is for the public too: it opens in the language chosen (accounts/tests/test_languages.py).
    assert client.get("/accounts/login/")["Location"] == "/pl/accounts/login/"
    assert client.get("/pl/account/tokens/")["Location"] == "/account/tokens/"
    # The second factor is for the public too (a member of the public may use one): it keeps its prefix.
    assert client.get("/pl/accounts/2fa/")["Location"].startswith("/pl/accounts/login/")


def test_an_unsafe_next_goes_home(client: Client, london):
    assert client.get("/language/", {"lang": "pl", "next": "https://evil.example/"})["Location"] == "/pl/"
    assert client.get("/language/", {"lang": "pl", "next": "//evil.example/x"})["Location"] == "/pl/"


def test_the_public_routes_exist_and_are_the_public_site():
    names = {name for _route, name, _p in _routes(get_resolver().url_patterns)}
    names |= {name.lstrip(":") for name in names}  # allauth's routes have no namespace: "account_login"
    assert PUBLIC_ROUTES - names == set()
    assert PUBLIC_ROUTES <= PUBLIC  # a page in every language is a page the public may open


def test_a_signed_in_persons_choice_is_kept_in_their_account(client: Client, ward, django_user_model):
    person = django_user_model.objects.create_user(email="resident@example.test", password="a long password 42")
    client.force_login(person)
    client.get("/language/", {"lang": "ar", "next": "/"})
    person.refresh_from_db()
    assert person.language == "ar"
    other_device = Client()
    other_device.force_login(person)
    assert other_device.get(f"/wards/{ward.code}/")["Location"] == f"/ar/wards/{ward.code}/"
