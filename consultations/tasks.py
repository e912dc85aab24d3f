"""Background tasks of consultations (thin: take ids, call a service)."""

from django_tasks import task

from consultations import services


@task()
def find_themes(run_id: int) -> int:
    """Find the themes in a text question's answers for a requested run, recording progress."""
    return services.run_themes(run_id)
