from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """The benchmark commands (`bench_alerts`, `bench_consultations`) and their harness, kept out of the runtime
    apps they measure; they drive those apps through their models and services like any caller."""

    name = "benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
