"""API v1: Accounts."""

from ninja import Router

router = Router(tags=["Accounts"])
