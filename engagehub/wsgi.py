"""WSGI entry point (gunicorn engagehub.wsgi): each worker sets Django up, then freezes what it made at start."""

import os

from django.core.wsgi import get_wsgi_application

from core.startup import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engagehub.settings")
application = get_wsgi_application()
freeze_startup_objects()
