#!/usr/bin/env python
"""Django's command-line utility for Engagement Hub."""

import os
import sys
from pathlib import Path

# The key `make run` keeps for this checkout, used when SECRET_KEY is not set in the environment.
LOCAL_SECRET_KEY = Path(__file__).resolve().parent / ".local" / "secret_key"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engagehub.settings")
    if "SECRET_KEY" not in os.environ and LOCAL_SECRET_KEY.exists():
        os.environ["SECRET_KEY"] = LOCAL_SECRET_KEY.read_text().strip()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
