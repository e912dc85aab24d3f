"""Parts of a page kept as rendered (`{% kept %}`): once for each language and what they show, never when what
they show is not known."""

from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from core.templatetags import eh

KEPT = Template('{% load eh %}{% kept "part" key %}{{ shown }}{% endkept %}')


@pytest.fixture(autouse=True)
def _nothing_kept():
    eh._KEPT.clear()
    yield
    eh._KEPT.clear()


def test_a_part_is_rendered_once_for_each_key_and_language():
    assert KEPT.render(Context({"key": 1, "shown": "first"})) == "first"
    assert KEPT.render(Context({"key": 1, "shown": "second"})) == "first"
    assert KEPT.render(Context({"key": 2, "shown": "second"})) == "second"
    with translation.override("pl"):
        assert KEPT.render(Context({"key": 1, "shown": "Polish"})) == "Polish"


@pytest.mark.parametrize("context", [{"key": None}, {}], ids=["none", "missing"])
def test_a_part_whose_key_is_none_or_missing_is_rendered_every_time(context: dict[str, Any]):
    assert KEPT.render(Context({**context, "shown": "first"})) == "first"
    assert KEPT.render(Context({**context, "shown": "second"})) == "second"
