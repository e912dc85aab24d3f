import pytest

from consultations import queries, services
from consultations.models import Answer, Theme
from consultations.tests.factories import build_survey

pytestmark = pytest.mark.django_db

TEXTS = [
    "speeding cars on the main road",
    "cars speeding past the school every morning",
    "speeding traffic near the school gates",
    "drug dealing in the park at night",
    "dealing drugs openly in the park",
    "drug dealers gather at the park entrance",
]


def _answers(lewisham):
    c, qs = build_survey(boroughs=[lewisham])
    for i, text in enumerate(TEXTS):
        raw = {qs["seen"].pk: "No", qs["safe"].pk: "3", qs["comment"].pk: text}
        services.submit_response(consultation=c, raw=raw, idempotency_key=f"k{i}")
    return c, qs["comment"]


def test_similar_answers_are_grouped_into_the_same_theme(lewisham):
    _, question = _answers(lewisham)
    themes = services.find_themes(question=question, by=None, k=2)
    assert len(themes) == 2
    groups = [set(Answer.objects.filter(theme=t).values_list("text", flat=True)) for t in themes]
    assert set(TEXTS[:3]) in groups and set(TEXTS[3:]) in groups


def test_themes_show_counts_and_example_quotes(lewisham):
    _, question = _answers(lewisham)
    services.find_themes(question=question, by=None, k=2)
    summary = queries.theme_summary(question)
    assert [t["count"] for t in summary] == [3, 3]
    assert all(len(t["quotes"]) == 3 for t in summary)


def test_an_analyst_can_rename_merge_and_move(lewisham):
    _, question = _answers(lewisham)
    a, b = services.find_themes(question=question, by=None, k=2)
    services.rename_theme(theme=a, by=None, name="Road safety")
    answer = Answer.objects.filter(theme=b).first()
    services.move_answer(answer=answer, theme=a, by=None)
    assert Answer.objects.filter(theme=a).count() == 4
    services.merge_themes(into=a, others=[b], by=None)
    assert Theme.objects.filter(question=question).count() == 1
    assert Answer.objects.filter(theme=a).count() == 6
    assert Theme.objects.get(pk=a.pk).name == "Road safety"
