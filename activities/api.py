"""API v1: Activities."""

from ninja import Router

router = Router(tags=["Activities"])
