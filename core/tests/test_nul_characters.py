"""A NUL character anywhere in a request is bad input: PostgreSQL cannot store or compare text holding one, so
without this check it reached the database and came back as a server error (or half a saved record)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/wards/E05%0013631/", "/activities/?q=a%00b", "/priorities/status/?reference=%00", "/find/?postcode=SE6%004RU"],
)
def test_a_nul_character_in_the_address_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Check what you entered" in response.content.decode()


def test_a_nul_character_in_a_form_is_a_400(client):
    response = client.post(reverse("priorities:status_lookup"), {"reference": "ISS-1\u0000", "email": "a@b.test"})
    assert response.status_code == 400
    assert "Check what you entered" in response.content.decode()


def test_ordinary_unicode_passes(client):
    assert client.get("/find/?postcode=%F0%9F%98%80").status_code != 500
    assert client.get("/groups/public/?kind=caf%C3%A9").status_code == 200
