"""API v1: Feedback."""

from ninja import Router

router = Router(tags=["Feedback"])
