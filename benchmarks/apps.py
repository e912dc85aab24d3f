from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Every benchmark command (`bench_activities`, `bench_alerts`, `bench_consultations`, `bench_postcodes`,
    `bench_tension_summary`, `bench_volunteer_matching`, `bench_ward_page`) and their helpers, kept out of the
    runtime apps they measure; they drive those apps through their models and services like any caller, and no
    runtime app imports them."""

    name = "benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
