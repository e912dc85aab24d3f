"""API v1: Plans."""

from ninja import Router

router = Router(tags=["Plans"])
