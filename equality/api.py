"""API v1: Equality."""

from ninja import Router

router = Router(tags=["Equality"])
