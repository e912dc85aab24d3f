"""Identifiers of published items that stay the same whatever host a feed is fetched from.

Atom entry and feed ids are RFC 4151 `tag:` URIs and iCalendar UIDs are `<local>@<authority>`, both built from
FEED_ID_AUTHORITY (a domain the service owns; by default the host of SITE_URL) and FEED_ID_YEAR (a year in which it
owned that domain). Neither may change once feeds are published: readers and calendars use them to recognise items.
"""

import re
from urllib.parse import quote

from django.conf import settings

_ABSOLUTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def authority() -> str:
    return str(settings.FEED_ID_AUTHORITY).lower()


def tag_uri(specific: str) -> str:
    """tag:<authority>,<year>:<specific>; an id that is already an absolute URI (urn:, tag:, https:) is kept."""
    if _ABSOLUTE.match(specific):
        return specific
    return f"tag:{authority()},{settings.FEED_ID_YEAR}:{quote(specific, safe='/-._~!$&()*+,;=:@?')}"


def calendar_uid(specific: str) -> str:
    """A globally unique iCalendar UID for a local id, e.g. activity-42@engage.example.org."""
    return f"{specific}@{authority()}"
