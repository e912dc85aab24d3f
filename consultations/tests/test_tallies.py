"""The running tallies behind the analysis stay exact (equal to a recount from the answers) through every change,
and the analysis page reads them with the same number of queries whatever the number of responses."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from consultations import queries, services, tallies
from consultations.models import Answer, Consultation, PairTally, Question, Questionnaire, Response, Tally, ThemeRun
from consultations.tests.factories import build_survey
from organisations.models import Role, Unit
from organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TEXTS = ["speeding cars on the main road", "drug dealing in the park", "cars speeding past the school", ""]


def _survey(lewisham: Any) -> tuple[Consultation, dict[str, Question]]:
    c, qs = build_survey(boroughs=[lewisham], identity=Consultation.Identity.CONTACT_OPTIONAL)
    section = qs["seen"].section
    qs["place"] = Question.objects.create(section=section, position=20, kind=Question.Kind.PLACE, text="Where")
    return c, qs


def _respond(c: Consultation, qs: dict[str, Question], i: int, email: str = "") -> Response:
    raw: dict[int, Any] = {
        qs["seen"].pk: ["Yes", "No"][i % 2],
        qs["safe"].pk: str(1 + i % 5),
        qs["topics"].pk: [["Drugs"], ["Drugs", "Speeding"], ["Burglary", "Speeding", "Drugs"]][i % 3],
        qs["rank"].pk: [["A", "B", "C"], ["C", "A", "B"]][i % 2],
        qs["years"].pk: str(i * 7 % 90),
        qs["comment"].pk: TEXTS[i % len(TEXTS)],
    }
    if i % 2 == 0:
        raw[qs["where"].pk] = ["Patrol", "Meeting"][i // 2 % 2]
    if i % 3:
        raw[qs["place"].pk] = "Catford South"
    return services.submit_response(consultation=c, raw=raw, idempotency_key=f"k{i}", email=email)


def _snapshot(questionnaire: Questionnaire) -> tuple[dict[Any, Any], dict[Any, Any], int]:
    ids = list(Question.objects.filter(section__questionnaire=questionnaire).values_list("pk", flat=True))
    counts = {
        (t.question_id, t.kind, t.segment, t.value): (t.n, t.total)
        for t in Tally.objects.filter(question_id__in=ids)
        if t.n or t.total
    }
    pairs = {
        (p.question_id, p.by_question_id, p.value, p.by_value): p.n
        for p in PairTally.objects.filter(question_id__in=ids)
        if p.n
    }
    return counts, pairs, Questionnaire.objects.get(pk=questionnaire.pk).response_count


def _assert_exact(questionnaire: Questionnaire) -> tuple[dict[Any, Any], dict[Any, Any], int]:
    running = _snapshot(questionnaire)
    tallies.rebuild(questionnaire)
    assert running == _snapshot(questionnaire)
    return running


def test_the_tallies_equal_a_recount_as_responses_arrive(lewisham):
    c, qs = _survey(lewisham)
    for i in range(9):
        _respond(c, qs, i)
    counts, pairs, responses = _assert_exact(c.current_questionnaire())
    assert responses == 9
    assert counts[(qs["seen"].pk, "answered", "", "")] == (9, 0)
    assert counts[(qs["topics"].pk, "option", "", "Drugs")] == (9, 0)
    assert counts[(qs["rank"].pk, "rank", "", "A")] == (9, 5 * 1 + 4 * 2)
    assert pairs[(qs["seen"].pk, qs["topics"].pk, "Yes", "Speeding")] == 3  # i = 2, 4, 8


def test_the_tallies_stay_exact_when_responses_are_erased_or_deleted(lewisham):
    c, qs = _survey(lewisham)
    person = UserFactory(email="me@example.test")
    for i in range(8):
        _respond(c, qs, i, email="me@example.test" if i in (1, 4) else "")
    services.erase_personal_data(person)
    _, _, responses = _assert_exact(c.current_questionnaire())
    assert responses == 6
    Response.objects.filter(idempotency_key="k5").get().delete()  # e.g. in the admin
    _, _, responses = _assert_exact(c.current_questionnaire())
    assert responses == 5
    results = {r.question.pk: r for r in queries.question_results(c.current_questionnaire())}
    assert results[qs["seen"].pk].answered == 5


def test_the_theme_counts_follow_finding_moving_and_merging(lewisham):
    c, qs = _survey(lewisham)
    for i in range(8):
        _respond(c, qs, i)
    a, b = services.find_themes(question=qs["comment"], by=None, k=2)
    _assert_exact(c.current_questionnaire())
    services.move_answer(answer=Answer.objects.filter(theme=b).first(), theme=a, by=None)
    _assert_exact(c.current_questionnaire())
    services.merge_themes(into=a, others=[b], by=None)
    counts, _, _ = _assert_exact(c.current_questionnaire())
    assert counts[(qs["comment"].pk, "theme", "", str(a.pk))] == (6, 0)
    assert [t["count"] for t in queries.theme_summary(qs["comment"])] == [6]


def test_themes_are_found_by_a_background_task_that_records_its_progress(client, make_staff, lewisham):
    c, qs = _survey(lewisham)
    for i in range(8):
        _respond(c, qs, i)
    client.force_login(
        make_staff(
            Role.BOROUGH_CHAMPION, unit=UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lewisham), boroughs=[lewisham]
        )
    )
    url = reverse("consultations:themes", args=[c.pk, qs["comment"].pk])
    assert client.post(url, {"action": "find"}).status_code == 302  # tests run tasks at once
    run = ThemeRun.objects.get()
    assert (run.status, run.done, run.total) == (ThemeRun.Status.DONE, 12, 12)  # 6 texts, each read twice
    assert "Themes last found" in client.get(url).content.decode()
    part = client.get(url + "?part=run", headers={"HX-Request": "true"}).content.decode()
    assert part.strip().startswith('<div id="theme-run" role="status">') and "<html" not in part


def _analysis_queries(client: Any, c: Consultation, qs: dict[str, Question]) -> int:
    total = 0
    base = reverse("consultations:analysis", args=[c.pk])
    client.get(base)  # the first request after signing in also saves the session
    for query in ("", f"?question={qs['topics'].pk}&by=borough", f"?question={qs['seen'].pk}&by=q{qs['topics'].pk}"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(base + query).status_code == 200
        total += len(captured)
    return total


def test_the_analysis_page_takes_the_same_queries_at_two_sizes(client, make_staff, lewisham):
    c, qs = _survey(lewisham)
    client.force_login(
        make_staff(
            Role.BOROUGH_CHAMPION, unit=UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lewisham), boroughs=[lewisham]
        )
    )
    for i in range(6):
        _respond(c, qs, i)
    services.find_themes(question=qs["comment"], by=None, k=2)
    small = _analysis_queries(client, c, qs)
    for i in range(6, 60):
        _respond(c, qs, i)
    services.find_themes(question=qs["comment"], by=None, k=2)  # the same two themes, ten times the answers
    assert _analysis_queries(client, c, qs) == small


def test_the_crosstab_by_another_question_counts_those_who_did_not_answer_it(lewisham):
    c, qs = _survey(lewisham)
    for i in range(12):
        _respond(c, qs, i)
    table = queries.crosstab_by_question(qs["seen"], qs["where"])
    # "where" is answered when i is even (and then "seen" is Yes): Patrol for i = 0, 4, 8; Meeting for 2, 6, 10.
    assert table.rows == [
        ("Meeting", ["fewer than 5", "0"]),
        ("No answer", ["0", "6"]),
        ("Patrol", ["fewer than 5", "0"]),
    ]


def test_a_run_under_way_shows_its_progress_and_is_not_started_twice(client, make_staff, lewisham):
    c, qs = _survey(lewisham)
    lead = make_staff(
        Role.BOROUGH_CHAMPION, unit=UnitFactory(kind=Unit.Kind.COMMAND_UNIT, borough=lewisham), boroughs=[lewisham]
    )
    ThemeRun.objects.create(question=qs["comment"], status=ThemeRun.Status.RUNNING, done=1200, total=4000)
    run, is_new = services.request_themes(question=qs["comment"], by=lead)
    assert not is_new and run.status == ThemeRun.Status.RUNNING
    client.force_login(lead)
    html = client.get(reverse("consultations:themes", args=[c.pk, qs["comment"].pk])).content.decode()
    assert "Finding themes: 1200 of 4000 answers read (30%)." in html
    assert 'data-hx-trigger="every 2s"' in html and "Reload this page" in html


@pytest.mark.parametrize(("key", "by"), [("seen", "topics"), ("topics", "seen"), ("topics", "safe")])
def test_every_crosstab_by_another_question_equals_a_count_of_the_answers(lewisham, settings, key, by):
    settings.EQUALITY_SUPPRESSION_THRESHOLD = 1  # every count shown
    c, qs = _survey(lewisham)
    for i in range(14):
        r = _respond(c, qs, i)
        if i % 4 == 0:  # some leave the multiple-choice question out (deleted answers, recounted below)
            r.answers.filter(question=qs["topics"]).delete()
    tallies.rebuild(c.current_questionnaire())
    question, other = qs[key], qs[by]
    expected: dict[str, dict[str, int]] = {}
    for response in Response.objects.all():
        values = list(response.answers.filter(question=question).values_list("option", flat=True))
        groups = list(response.answers.filter(question=other).values_list("option", flat=True)) or [""]
        for group in groups:
            label = other.label_for(group) if group else "No answer"
            for value in values:
                expected.setdefault(label, {}).setdefault(value, 0)
                expected[label][value] += 1
    table = queries.crosstab_by_question(question, other)
    assert table.rows == [
        (label, [f"{expected[label].get(o, 0):,}" for o in question.choices()]) for label in sorted(expected)
    ]
