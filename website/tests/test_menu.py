"""The frame of a public page as its visitor should see it, although its header, menu and footer are kept as
rendered (`{% kept %}` in base.html): the menu marks the page shown, and a signed-in visitor's is their own."""

from typing import Any

import pytest
from django.test import Client

from core.templatetags import eh
from organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept():
    eh._KEPT.clear()
    yield
    eh._KEPT.clear()


def test_the_menu_marks_the_page_shown_whatever_was_kept_before(client: Client, ward: Any):
    current = 'aria-current="page"><strong class="govuk-service-navigation__active-fallback">Boroughs</strong>'
    assert current in client.get("/boroughs/").content.decode()
    assert current not in client.get(f"/wards/{ward.code}/").content.decode()
    assert current in client.get(f"/boroughs/{ward.borough.code}/").content.decode()


def test_a_signed_in_visitor_gets_a_menu_of_their_own(client: Client, ward: Any, make_staff: Any):
    page = f"/wards/{ward.code}/?fresh"
    assert "Sign in" in client.get(page).content.decode()
    client.force_login(make_staff(Role.NEIGHBOURHOOD_OFFICER))
    html = client.get(page).content.decode()
    assert "Sign out" in html and "Sign in<" not in html
    assert 'name="csrfmiddlewaretoken"' in html
    client.logout()
    assert "Sign in" in client.get(page).content.decode()
