"""API v1: Consultations."""

from ninja import Router

router = Router(tags=["Consultations"])
