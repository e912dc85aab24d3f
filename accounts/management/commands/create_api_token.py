from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import create_api_token
from core.errors import ServiceError


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="Command line", help="What the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No account uses the email address {options['email']}.")
        try:
            _, raw = create_api_token(user=user, name=options["name"])
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
