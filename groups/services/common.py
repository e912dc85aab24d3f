"""What the group and meeting services share: who may manage a group, the pages a change refreshes, and the
documents a group may keep (papers and briefings)."""

import os
from typing import Any

from core import pagecache
from core.errors import NotAllowed, ServiceError
from groups import permissions
from groups.models import CommunityGroup

ALLOWED_DOCUMENT_TYPES = {".pdf", ".docx", ".odt", ".pptx", ".odp", ".xlsx", ".ods", ".csv", ".txt", ".png", ".jpg"}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def require_manage(by: Any, group: CommunityGroup) -> None:
    if by is not None and not permissions.can_manage(by, group):
        raise NotAllowed("You cannot manage this group.")


def invalidate_pages(group: CommunityGroup) -> None:
    wards, boroughs, london = group.area()
    borough_ids = {b.pk for b in boroughs} | {w.borough_id for w in wards}
    pagecache.invalidate(wards=[w.pk for w in wards], boroughs=list(borough_ids), london=london)


def validate_document(upload: Any) -> None:
    """Papers and briefing documents: office documents, PDFs, text and images up to 10 MB."""
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in ALLOWED_DOCUMENT_TYPES:
        allowed = ", ".join(sorted(e.lstrip(".").upper() for e in ALLOWED_DOCUMENT_TYPES))
        raise ServiceError(f"The file must be one of these types: {allowed}.", field="file")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ServiceError("The file must be smaller than 10 MB.", field="file")
    if upload.size == 0:
        raise ServiceError("The file is empty.", field="file")
