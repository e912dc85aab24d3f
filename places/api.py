"""API v1: Places."""

from ninja import Router

router = Router(tags=["Places"])
