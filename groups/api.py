"""API v1: Groups."""

from ninja import Router

router = Router(tags=["Groups"])
