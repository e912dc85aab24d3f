"""Attacks on a group's equality figures by the people who can see its members' names."""

import csv
import io
import random
import re

import pytest
from django.urls import reverse

from equality.models import RECORD_KEY_BASE, Answer, Subject
from equality.services import record_answers
from groups import services
from groups.models import JoinRequest
from groups.tests.factories import MemberFactory, WardPanelFactory
from notifications.models import OutboundEmail
from organisations.models import Role

pytestmark = pytest.mark.django_db

PERSON = {"sex": "female", "age_band": "25_34", "religion": "muslim", "disability": "yes_a_lot"}
PERSONS_CELLS = {
    ("Sex", "Female"),
    ("What is your age?", "25 to 34"),
    ("What is your religion?", "Muslim"),
}


@pytest.fixture
def panel(ward):
    return WardPanelFactory(ward=ward, contact_email="panel@example.test")


def profile_cells(text: str) -> dict[tuple[str, str], int]:
    """The numeric cells of the profile part of the representativeness CSV."""
    rows = list(csv.reader(io.StringIO(text)))
    start = next(i for i, r in enumerate(rows) if r[:3] == ["Question", "Answer", "People"])
    return {(r[0], r[1]): int(r[2]) for r in rows[start + 1 :] if len(r) >= 3 and r[2].isdigit()}


def fix_record_keys(seed: int) -> None:
    rng = random.Random(seed)
    for pk in Subject.objects.order_by("pk").values_list("pk", flat=True):
        Subject.objects.filter(pk=pk).update(record_key=rng.randrange(RECORD_KEY_BASE))


def test_the_join_form_stores_the_equality_answers_it_asks_for(client, panel):
    response = client.post(
        reverse("groups:join", args=[panel.slug]),
        {"name": "Ada (demo)", "email": "ada@example.test", "consent": "on", "sex": "female", "religion": "none"},
    )
    assert response.status_code == 302
    request = JoinRequest.objects.get()
    assert set(Answer.objects.filter(subject__key=request.subject_key).values_list("question", "answer")) == {
        ("sex", "female"),
        ("religion", "none"),
    }
    confirmation = OutboundEmail.objects.get(to="ada@example.test")
    assert "/equality/withdraw/" in confirmation.text


def test_the_join_form_says_what_happens_to_the_answers(client, panel):
    body = client.get(reverse("groups:join", args=[panel.slug])).content.decode()
    assert "If your request is declined, they are deleted" in body
    assert "adjusted slightly so that no one can be identified" in body


def test_accepting_a_join_request_does_not_reveal_the_new_members_answers(client, officer, panel):
    """Attack: a group's officer compares its representativeness before and after accepting someone."""
    rng = random.Random(4)
    for _ in range(30):
        member = MemberFactory(group=panel)
        record_answers(
            subject_key=member.subject_key,
            contexts=[panel.context],
            answers={
                "sex": rng.choice(["female", "male"]),
                "age_band": rng.choice(["25_34", "35_44", "45_54", "55_64"]),
                "religion": rng.choice(["none", "christian", "muslim"]),
                "disability": rng.choice(["no", "yes_a_lot"]),
            },
        )
    client.post(
        reverse("groups:join", args=[panel.slug]),
        {"name": "Ada (demo)", "email": "ada@example.test", "consent": "on", **PERSON},
    )
    fix_record_keys(4)
    client.force_login(officer)
    url = reverse("groups:representativeness", args=[panel.pk]) + "?format=csv"
    before = profile_cells(client.get(url).content.decode())
    services.decide_join_request(request=JoinRequest.objects.get(), by=officer, accept=True)
    after = profile_cells(client.get(url).content.decode())
    diff = {c: after[c] - before[c] for c in before.keys() & after.keys()}
    questions = {q for q, _ in PERSONS_CELLS}
    # Cells the new member is not in change too: a change does not point at them.
    assert any(d != 0 for c, d in diff.items() if c not in PERSONS_CELLS and c[0] in questions)
    assert [diff.get(c) for c in sorted(PERSONS_CELLS)] != [1, 1, 1]


def test_a_panel_of_five_shows_no_breakdown_beside_its_named_members(client, officer, panel):
    """Attack: "Disabled 0 / Not disabled 5" beside the list of the panel's five named members."""
    for _ in range(5):
        member = MemberFactory(group=panel)
        record_answers(subject_key=member.subject_key, contexts=[panel.context], answers={"disability": "no"})
    client.force_login(officer)
    body = client.get(reverse("groups:representativeness", args=[panel.pk])).content.decode()
    assert "Fewer than 10 members have answered" in body
    assert "Not disabled" not in body
    text = client.get(reverse("groups:representativeness", args=[panel.pk]) + "?format=csv").content.decode()
    assert "Not disabled" not in text


def test_the_borough_report_needs_equality_figures_in_that_borough(client, make_staff, lambeth, lewisham):
    reader = make_staff(Role.OVERSIGHT_READER, boroughs=[lambeth])
    client.force_login(reader)
    assert client.get(reverse("groups:reports") + f"?borough={lewisham.pk}").status_code == 403
    assert client.get(reverse("groups:reports") + f"?borough={lambeth.pk}").status_code == 200


def test_deleting_a_members_answers_does_not_say_whether_or_how_much_they_answered(client, officer, panel):
    """The confirmation said "(4)" or "had no answers": the group's manager learnt who answered and how many
    questions, one member at a time."""
    answered = MemberFactory(group=panel, name="Answered Person")
    record_answers(subject_key=answered.subject_key, contexts=[panel.context], answers=PERSON)
    silent = MemberFactory(group=panel, name="Silent Person")
    client.force_login(officer)
    said = []
    for member in (answered, silent):
        response = client.post(reverse("groups:member_withdraw_equality", args=[member.pk]), follow=True)
        assert response.status_code == 200
        banner = re.search(r'banner__heading">(.*?)</p>', response.content.decode(), re.S)
        assert banner is not None
        said.append(banner.group(1).replace(member.name, "NAME"))
    assert said[0] == said[1]
    assert not Subject.objects.filter(key=answered.subject_key).exists()
