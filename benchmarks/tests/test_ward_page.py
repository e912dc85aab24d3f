import pytest
from django.test import override_settings

from benchmarks.management.commands.bench_ward_page import _rotation
from benchmarks.priorities.ward_page import cpu_per_request, generate, generate_activities, parse_wrk
from priorities.models import Issue, Priority, Review

BENCH_URLS = "benchmarks.priorities.urls"

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/
  2 threads and 8 connections
  Latency Distribution
     50%    1.52ms
     75%    2.10ms
     90%    3.00ms
     99%   12.40ms
  45000 requests in 10.00s, 1.2MB read
Requests/sec:   4500.12
Transfer/sec:    120.00KB
"""


@pytest.mark.django_db
def test_bench_generator_with_tiny_numbers(london):
    counts = generate(wards=2, history=4, issues=10)
    assert counts == {"wards": 2, "priorities": 8, "issues": 10}
    assert Priority.objects.filter(status="current").count() == 6
    assert Review.objects.count() == 2
    assert Issue.objects.count() == 10


@pytest.mark.django_db
def test_bench_activities_give_each_ward_a_year_of_series(london):
    from activities.models import Activity

    assert generate_activities(wards=2) == 4
    assert Activity.objects.count() == 4
    assert all(a.recurrence for a in Activity.objects.all())


def test_parse_wrk_reads_throughput_and_latency():
    assert parse_wrk(WRK_OUTPUT) == {"rps": 4500.12, "p50_ms": 1.52, "p99_ms": 12.4, "errors": 0}


@pytest.mark.django_db
def test_the_minimal_view_is_served_only_under_the_bench_settings(client):
    assert client.get("/priorities/bench/minimal/").status_code == 404
    with override_settings(ROOT_URLCONF=BENCH_URLS):
        assert client.get("/priorities/bench/minimal/").content == b"ok"
        assert client.get("/healthz").status_code == 200  # the project's own addresses stay


@pytest.mark.django_db
def test_cpu_per_request_times_the_minimal_view_and_the_pages_built_afresh(london, settings):
    settings.ROOT_URLCONF = BENCH_URLS
    settings.LIVE_LANGUAGES = ["pl"]
    figures = cpu_per_request(requests=3)
    assert set(figures) == {
        "minimal view",
        "ward, warm",
        "wards, content warm",
        "boroughs, content warm",
        "ward in Polish, warm",
        "wards in Polish, content warm",
        "wards, built cold",
        "boroughs, built cold",
    }
    assert all(ms >= 0 for ms in figures.values())


def test_the_uncached_runs_rotate_over_every_area_with_a_query_string(tmp_path):
    script = _rotation(tmp_path / "wards.lua", "wards", ["E05000001", "E05000002"]).read_text()
    assert '"E05000001", "E05000002"' in script
    assert '"/wards/" .. codes[(n % #codes) + 1] .. "/?n=" .. n' in script


def test_a_language_prefix_rotates_over_the_translated_pages(tmp_path):
    script = _rotation(tmp_path / "wards_pl.lua", "wards", ["E05000001"], prefix="/pl").read_text()
    assert '"/pl/wards/" .. codes[(n % #codes) + 1] .. "/?n=" .. n' in script
