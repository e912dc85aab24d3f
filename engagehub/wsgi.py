"""WSGI entry point (gunicorn engagehub.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engagehub.settings")
application = get_wsgi_application()
