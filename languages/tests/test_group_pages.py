"""The public pages of community groups answer in every live language, with their own words translated."""

import pytest
from django.test import Client

from groups.tests.factories import CommunityGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _live(settings):
    settings.LIVE_LANGUAGES = ["pl", "ar"]


def test_a_groups_page_and_its_join_form_in_polish(client: Client):
    group = CommunityGroupFactory(accepts_join_requests=True, contact_phone="020 7946 0000")
    page = client.get(f"/pl/groups/g/{group.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'lang="pl"' in html
    assert "Czym zajmuje się grupa" in html and "What the group does" not in html
    assert '<span dir="ltr">020 7946 0000</span>' in html
    assert f'href="/pl/groups/g/{group.slug}/join/"' in html

    form = client.get(f"/pl/groups/g/{group.slug}/join/").content.decode()
    assert "Poproś o dołączenie" in form and "Dlaczego chcesz dołączyć?" in form
    assert "Wyślij prośbę" in form


def test_the_group_list_in_arabic_is_right_to_left(client: Client):
    CommunityGroupFactory(name="Lewisham Youth Forum")
    html = client.get("/ar/groups/public/").content.decode()
    assert 'dir="rtl"' in html
    assert "المجموعات المجتمعية" in html
    assert "Lewisham Youth Forum" in html  # what staff wrote stays as written


def test_a_join_request_made_in_polish_shows_polish_errors(client: Client):
    group = CommunityGroupFactory(accepts_join_requests=True)
    response = client.post(f"/pl/groups/g/{group.slug}/join/", {"name": "", "email": "x"})
    assert response.status_code == 400
    assert "Wyślij prośbę" in response.content.decode()
