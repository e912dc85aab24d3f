import json
import random
from io import StringIO

import pytest
from django.core.management import call_command

from benchmarks.management.commands.bench_consultations import Command as Bench
from consultations import services
from consultations.models import Consultation, Response
from demo import consultations as demo

pytestmark = pytest.mark.django_db


def test_demo_loads_an_open_lewisham_consultation_with_fictional_answers_once(london):
    demo.load()
    c = Consultation.objects.get(slug=demo.LEWISHAM_SLUG)
    assert c.is_open()
    assert c.responses.count() == 60
    assert not Response.objects.filter(is_fictional=False).exists()
    demo.load()
    assert Consultation.objects.filter(slug=demo.LEWISHAM_SLUG).count() == 1


def test_the_historical_example_says_its_questions_are_illustrative(client, london):
    c = demo.load_historical()
    html = client.get(c.get_absolute_url()).content.decode()
    assert "Historical example" in html and "illustrative" in html
    assert "Answer this consultation" not in html


def test_benchmark_phases_create_a_survey_and_analyse_it(london, settings):
    settings.STAFF_MFA_REQUIRED = False
    out = StringIO()
    call_command("bench_consultations", phase="setup", questions=9, stdout=out)
    setup = json.loads(out.getvalue().strip().splitlines()[-1])
    c = Consultation.objects.get(slug=setup["slug"])
    rng = random.Random(1)
    for _ in range(3):
        body = json.loads(Bench._answers(setup["questions"], rng))
        raw = {int(k): v for k, v in body["answers"].items()}
        services.submit_response(consultation=c, raw=raw, idempotency_key=body["idempotency_key"])
    out = StringIO()
    call_command("bench_consultations", phase="analyse", slug=c.slug, stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["responses"] == 3 and result["analysis_status"] == 200


def test_the_benchmarks_bulk_load_leaves_exact_tallies(london, settings):
    from consultations import tallies
    from consultations.models import PairTally, Tally

    out = StringIO()
    call_command("bench_consultations", phase="setup", questions=9, stdout=out)
    c = Consultation.objects.get(slug=json.loads(out.getvalue().strip().splitlines()[-1])["slug"])
    call_command("bench_consultations", phase="load", slug=c.slug, count=12, stdout=StringIO())
    questionnaire = c.current_questionnaire()
    questionnaire.refresh_from_db()
    assert questionnaire.response_count == c.responses.count() == 12
    before = sorted(Tally.objects.values_list("question", "kind", "segment", "value", "n", "total"))
    pairs = sorted(PairTally.objects.values_list("question", "by_question", "value", "by_value", "n"))
    tallies.rebuild(questionnaire)
    assert before == sorted(Tally.objects.values_list("question", "kind", "segment", "value", "n", "total"))
    assert pairs == sorted(PairTally.objects.values_list("question", "by_question", "value", "by_value", "n"))
