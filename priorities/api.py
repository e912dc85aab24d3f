"""API v1: Priorities."""

from ninja import Router

router = Router(tags=["Priorities"])
