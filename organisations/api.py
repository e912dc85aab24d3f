"""API v1: Organisations."""

from ninja import Router

router = Router(tags=["Organisations"])
