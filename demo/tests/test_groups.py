import pytest

from demo import groups as demo
from equality.models import Subject
from groups.models import CommunityGroup, Meeting, Member
from languages import content
from places.models import Ward

pytestmark = pytest.mark.django_db


def test_demo_gives_every_ward_a_panel_and_is_idempotent(london):
    demo.load()
    demo.load_equality()
    counts = (CommunityGroup.objects.count(), Member.objects.count(), Meeting.objects.count(), Subject.objects.count())
    assert CommunityGroup.objects.filter(kind="ward_panel").count() == Ward.objects.count()
    assert not CommunityGroup.objects.filter(kind="ward_panel", represented_on__isnull=True).exists()
    assert Member.objects.exclude(name__endswith="(demo)").count() == 0
    demo.load()
    demo.load_equality()
    assert counts == (
        CommunityGroup.objects.count(),
        Member.objects.count(),
        Meeting.objects.count(),
        Subject.objects.count(),
    )


def test_the_lewisham_board_carries_a_polish_translation_not_yet_reviewed(lewisham):
    demo.load_groups()
    board = CommunityGroup.objects.get(kind="borough_group", borough=lewisham)
    assert content.text(board, "name", language="pl") == demo.BOARD_POLISH["name"]
    assert content.text(board, "purpose", language="pl") == demo.BOARD_POLISH["purpose"]
    assert not content.is_reviewed(board, "pl")
