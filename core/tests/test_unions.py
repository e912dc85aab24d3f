"""Several short lists of one model read in one query, each in its own order and limit."""

import pytest

from core.unions import union_all
from places.models import Ward

pytestmark = pytest.mark.django_db


def test_each_branch_keeps_its_own_order_and_limit(lewisham, lambeth, django_assert_num_queries):
    first = Ward.objects.filter(borough=lewisham).order_by("name")[:3]
    last = Ward.objects.filter(borough=lambeth).order_by("-name")[:2]
    with django_assert_num_queries(1):
        found_first, found_last = union_all([first, last])
    assert found_first == list(first)
    assert found_last == list(last)


def test_a_branch_may_be_empty_or_distinct(lewisham):
    empty = Ward.objects.filter(name="No such ward")[:5]
    distinct = Ward.objects.filter(borough=lewisham).distinct().order_by("name")[:2]
    assert union_all([empty, distinct]) == [[], list(distinct)]


def test_branches_must_read_one_model(lewisham):
    with pytest.raises(ValueError, match="same model"):
        union_all([Ward.objects.all()[:1], type(lewisham).objects.all()[:1]])
