from django_tasks import task

from feedback.services import flag_overdue


@task()
def flag_overdue_feedback() -> int:
    """Daily: flag feedback still owed past its target time (each record once)."""
    return flag_overdue()
