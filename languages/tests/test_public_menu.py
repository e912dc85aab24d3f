"""The public menu, on every public page, speaks the page's language: each link registered by an app
(`core.registry.public_nav`) has a translation in every language the site can be switched to."""

import pytest
from django.test import Client
from django.utils import translation

from core import registry
from languages import choices


@pytest.mark.parametrize("code", [language.code for language in choices.TRANSLATED])
def test_every_public_menu_link_is_translated(code):
    labels = [item.label for item in registry.public_nav.ordered()]
    assert labels
    with translation.override(code):
        untranslated = [label for label in labels if translation.gettext(label) == label]
    assert not untranslated, f"{code}: {untranslated}"


@pytest.mark.django_db
def test_the_polish_menu_is_in_polish(client: Client, settings):
    settings.LIVE_LANGUAGES = ["pl"]
    html = client.get("/pl/consultations/").content.decode()
    assert "Otrzymuj powiadomienia" in html and "Zadaj pytanie" in html and "Plany działań" in html
    assert ">Get alerts<" not in html
