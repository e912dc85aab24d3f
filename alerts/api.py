"""API v1: Alerts."""

from ninja import Router

router = Router(tags=["Alerts"])
