"""Remind ward teams of engagement-plan reviews due within four weeks or overdue (once per due date)."""

from typing import Any

from django.core.management.base import BaseCommand

from practice.services import plans as services


class Command(BaseCommand):
    help = "Mark ward engagement plans whose six-monthly review is due or overdue, once per due date."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = services.remind_due_reviews()
        self.stdout.write(f"practice: {len(reminded)} plan review reminder(s)\n")
